package dev.tollgate.dataplane.openapi;

import dev.tollgate.compiler.openapi.ImportMessage;
import dev.tollgate.compiler.openapi.ImportOptions;
import dev.tollgate.compiler.openapi.ImportResult;
import dev.tollgate.compiler.openapi.OpenApiImporter;
import dev.tollgate.compiler.openapi.ResourceYaml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code import <file> --stage NAME [--stage-variable k=v ...] [--namespace NS] --out <folder>
 * [--name API] [--lambda FUNCTION=SERVICE[.NAMESPACE]:PORT ...] [--lambda-map FILE]
 * [--cluster-namespace NS ...] [--basepath ignore|prepend|split] [--mode overwrite|merge]
 * [--aws-endpoint SERVICE=URL ...] [--aws-credentials SECRET_NAME]}: reads an AWS export and writes
 * {@code <folder>/<api>.yaml} (merged into what it holds with {@code --mode merge}, as AWS's
 * ImportRestApi parameters), or nothing when the document has errors. AWS service integrations
 * ({@code type: aws} with an S3, SQS, SNS, DynamoDB... URI) go to the {@code --aws-endpoint} of their
 * service and are signed with the access key of the {@code --aws-credentials} Secret.
 */
public final class ImportCommand {
    public static final String USAGE = String.join(
            "\n",
            "       tollgate-dataplane import <file> --stage NAME --out <folder> [--stage-variable k=v]...",
            "           [--namespace NS] [--name API] [--lambda FUNCTION=SERVICE[.NAMESPACE]:PORT]...",
            "           [--lambda-map FILE] [--cluster-namespace NS]... [--basepath ignore|prepend|split]",
            "           [--mode overwrite|merge] [--aws-endpoint SERVICE=URL]... [--aws-credentials SECRET_NAME]");

    private ImportCommand() {}

    /** Runs the command; returns the exit code (0 written, 1 bad document, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        Path folder = null;
        String stage = null;
        String namespace = null;
        String name = null;
        TreeMap<String, String> variables = new TreeMap<>();
        TreeMap<String, ImportOptions.LambdaLocation> lambdas = new TreeMap<>();
        TreeSet<String> clusterNamespaces = new TreeSet<>();
        ImportOptions.BasePath basePath = ImportOptions.BasePath.IGNORE;
        boolean merge = false;
        TreeMap<String, String> awsEndpoints = new TreeMap<>();
        String awsCredentials = null;
        try {
            if (args.length < 2 || args[1].startsWith("--")) {
                throw new IllegalArgumentException("import needs a file");
            }
            file = Path.of(args[1]);
            for (int i = 2; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--stage" -> stage = value;
                    case "--out" -> folder = Path.of(value);
                    case "--namespace" -> namespace = value;
                    case "--name" -> name = value;
                    case "--cluster-namespace" -> clusterNamespaces.add(value);
                    case "--stage-variable" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--stage-variable takes NAME=VALUE");
                        }
                        variables.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    case "--lambda" -> lambda(value, lambdas);
                    case "--aws-endpoint" -> {
                        int eq = value.indexOf('=');
                        String url = eq < 0 ? "" : value.substring(eq + 1).strip();
                        if (eq <= 0 || !url.matches("https?://[^/?#\\s]+/?")) {
                            throw new IllegalArgumentException(
                                    "--aws-endpoint takes SERVICE=URL, e.g. s3=http://minio.storage.svc:9000");
                        }
                        awsEndpoints.put(value.substring(0, eq).strip(), url);
                    }
                    case "--aws-credentials" -> {
                        if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
                            throw new IllegalArgumentException("--aws-credentials takes a Secret name, not " + value);
                        }
                        awsCredentials = value;
                    }
                    case "--basepath" ->
                        basePath = switch (value) {
                            case "ignore" -> ImportOptions.BasePath.IGNORE;
                            case "prepend" -> ImportOptions.BasePath.PREPEND;
                            case "split" -> ImportOptions.BasePath.SPLIT;
                            default -> throw new IllegalArgumentException("--basepath takes ignore, prepend or split");
                        };
                    case "--mode" ->
                        merge = switch (value) {
                            case "overwrite" -> false;
                            case "merge" -> true;
                            default -> throw new IllegalArgumentException("--mode takes overwrite or merge");
                        };
                    case "--lambda-map" -> {
                        for (String line : Files.readAllLines(Path.of(value), StandardCharsets.UTF_8)) {
                            String l = line.strip();
                            if (!l.isEmpty() && !l.startsWith("#")) {
                                lambda(l, lambdas);
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (stage == null || folder == null) {
                throw new IllegalArgumentException("import needs --stage and --out");
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            err.println("usage:");
            err.println(USAGE);
            return 2;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        ImportResult result = OpenApiImporter.importDocument(
                text,
                new ImportOptions(name, stage, variables, namespace, lambdas, clusterNamespaces, basePath)
                        .withAws(awsEndpoints, awsCredentials));
        for (ImportMessage m : result.messages()) {
            err.println(file + " " + m);
        }
        if (result.hasErrors()) {
            err.println("nothing written: " + file + " has errors");
            return 1;
        }
        String api = result.resources().get(0).getMetadata().getName();
        Path target = folder.resolve(api + ".yaml");
        try {
            Files.createDirectories(folder);
            // Write beside the target and move, so a reader (local mode's watch) never sees half a file.
            String written = ResourceYaml.render(result);
            if (merge && Files.exists(target)) {
                written = FolderMerge.merge(Files.readString(target, StandardCharsets.UTF_8), written);
            }
            Path tmp = Files.createTempFile(folder, "." + api, ".tmp");
            Files.writeString(tmp, written, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("cannot write " + target + ": " + e.getMessage());
            return 1;
        }
        List<String> kinds = result.resources().stream()
                .map(r -> r.getKind() + " " + r.getMetadata().getName())
                .toList();
        out.println((merge ? "merged into " : "wrote ") + target + ": " + String.join(", ", kinds));
        return 0;
    }

    private static void lambda(String value, TreeMap<String, ImportOptions.LambdaLocation> lambdas) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--lambda takes FUNCTION=SERVICE[.NAMESPACE]:PORT (FUNCTION * for any)");
        }
        lambdas.put(
                value.substring(0, eq).strip(),
                ImportOptions.LambdaLocation.parse(value.substring(eq + 1).strip()));
    }
}
