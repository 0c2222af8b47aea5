package dev.tollgate.dataplane.release;

import java.nio.file.Path;

/**
 * The arguments of {@code deploy} and {@code deployments}. The first is a folder, or the target is
 * a cluster: {@code --kubeconfig FILE} or {@code --in-cluster} (the pod's service account, else
 * kubectl's default kubeconfig); {@code --namespace NS} in either case.
 */
public final class ReleaseArgs {
    /** Usage lines for Main's help. */
    public static final String USAGE = String.join(
            "\n",
            "       tollgate-dataplane deploy (<folder> | --kubeconfig FILE | --in-cluster) [--namespace NS]",
            "           --rest-api NAME --stage STAGE [--description TEXT]",
            "           [--deployment NAME | --canary-percent P | --promote-canary]",
            "       tollgate-dataplane deployments (<folder> | --kubeconfig FILE | --in-cluster) [--namespace NS]",
            "           --rest-api NAME [--delete NAME [--force] | --prune --keep N]");

    private ReleaseArgs() {}

    /**
     * Where the commands work.
     *
     * @param folder the folder, or null for a cluster
     * @param kubeconfig the kubeconfig file, or null (in a cluster: the default client configuration)
     * @param namespace the namespace, or null for the folder's only one (else {@code default}) or
     *     the kubeconfig context's
     */
    public record Target(Path folder, Path kubeconfig, String namespace) {}

    /** Parsed {@code deploy} arguments. */
    public record DeployArgs(Target target, ReleaseCommands.Deploy deploy) {}

    /**
     * Parsed {@code deployments} arguments.
     *
     * @param delete the deployment to delete, or null
     * @param force whether to delete one a stage serves
     * @param keep the retention of {@code --prune}, or -1 when not pruning
     */
    public record DeploymentsArgs(Target target, String restApi, String delete, boolean force, int keep) {}

    /** Parses {@code deploy ...} (args[0] is the command). */
    public static DeployArgs deploy(String[] args) {
        Parsed p = parse(args, true);
        if (p.stage == null) {
            throw new IllegalArgumentException("deploy needs --stage");
        }
        int modes = (p.deployment != null ? 1 : 0) + (p.canaryPercent != null ? 1 : 0) + (p.promote ? 1 : 0);
        if (modes > 1) {
            throw new IllegalArgumentException(
                    "--deployment, --canary-percent and --promote-canary exclude one another");
        }
        return new DeployArgs(
                p.target(),
                new ReleaseCommands.Deploy(
                        p.restApi, p.stage, p.description, p.deployment, p.canaryPercent, p.promote));
    }

    /** Parses {@code deployments ...} (args[0] is the command). */
    public static DeploymentsArgs deployments(String[] args) {
        Parsed p = parse(args, false);
        if (p.delete != null && p.keep >= 0) {
            throw new IllegalArgumentException("--delete and --prune exclude one another");
        }
        if (p.prune != (p.keep >= 0)) {
            throw new IllegalArgumentException("--prune needs --keep N (and --keep needs --prune)");
        }
        if (p.force && p.delete == null) {
            throw new IllegalArgumentException("--force goes with --delete");
        }
        return new DeploymentsArgs(p.target(), p.restApi, p.delete, p.force, p.keep);
    }

    private static final class Parsed {
        Path folder;
        Path kubeconfig;
        boolean inCluster;
        String namespace;
        String restApi;
        String stage;
        String description;
        String deployment;
        Double canaryPercent;
        boolean promote;
        String delete;
        boolean force;
        boolean prune;
        int keep = -1;

        Target target() {
            return new Target(folder, kubeconfig, namespace);
        }
    }

    private static Parsed parse(String[] args, boolean deploy) {
        Parsed p = new Parsed();
        int i = 1;
        if (args.length > 1 && !args[1].startsWith("--")) {
            p.folder = Path.of(args[1]);
            i = 2;
        }
        for (; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--in-cluster" -> p.inCluster = true;
                case "--promote-canary" -> p.promote = requireDeploy(deploy, flag);
                case "--force" -> p.force = requireList(deploy, flag);
                case "--prune" -> p.prune = requireList(deploy, flag);
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    String value = args[++i];
                    switch (flag) {
                        case "--kubeconfig" -> p.kubeconfig = Path.of(value);
                        case "--namespace" -> p.namespace = value;
                        case "--rest-api" -> p.restApi = value;
                        case "--stage" -> p.stage = deployValue(deploy, flag, value);
                        case "--description" -> p.description = deployValue(deploy, flag, value);
                        case "--deployment" -> p.deployment = deployValue(deploy, flag, value);
                        case "--canary-percent" -> p.canaryPercent = percent(deployValue(deploy, flag, value));
                        case "--delete" -> p.delete = listValue(deploy, flag, value);
                        case "--keep" -> p.keep = keep(listValue(deploy, flag, value));
                        default -> throw new IllegalArgumentException("unknown option " + flag);
                    }
                }
            }
        }
        int targets = (p.folder != null ? 1 : 0) + (p.kubeconfig != null || p.inCluster ? 1 : 0);
        if (targets != 1) {
            throw new IllegalArgumentException("give a folder, or --kubeconfig FILE or --in-cluster for a cluster");
        }
        if (p.kubeconfig != null && p.inCluster) {
            throw new IllegalArgumentException("--kubeconfig and --in-cluster exclude one another");
        }
        if (p.restApi == null) {
            throw new IllegalArgumentException("--rest-api is required");
        }
        return p;
    }

    private static boolean requireDeploy(boolean deploy, String flag) {
        deployValue(deploy, flag, "");
        return true;
    }

    private static boolean requireList(boolean deploy, String flag) {
        listValue(deploy, flag, "");
        return true;
    }

    private static String deployValue(boolean deploy, String flag, String value) {
        if (!deploy) {
            throw new IllegalArgumentException(flag + " is an option of deploy");
        }
        return value;
    }

    private static String listValue(boolean deploy, String flag, String value) {
        if (deploy) {
            throw new IllegalArgumentException(flag + " is an option of deployments");
        }
        return value;
    }

    private static double percent(String value) {
        try {
            double p = Double.parseDouble(value);
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("--canary-percent is within 0..100: " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--canary-percent must be a number: " + value);
        }
    }

    private static int keep(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException("--keep must not be negative: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--keep must be a number: " + value);
        }
    }
}
