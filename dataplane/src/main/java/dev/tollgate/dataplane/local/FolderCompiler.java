package dev.tollgate.dataplane.local;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.LastSeenDeployments;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.TestInvokeStage;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.GatewayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads every {@code *.yaml} / {@code *.yml} under a folder (recursively, multi-document files
 * too), adds the Services declared by {@code --service} flags, and compiles each namespace. Pure
 * apart from reading the files; never throws for bad input.
 *
 * <p>A file with a document that cannot be read (broken YAML, an unknown field, a wrong type) is
 * compiled as it last read cleanly, so a half-saved edit never takes its resources away; a file that
 * never read cleanly is compiled as it is (its readable documents count). A resource that reads but
 * has errors is left out by the compiler, and the rest of the folder is served.
 *
 * <p>It remembers the ApiDeployments the Stages name ({@link LastSeenDeployments}): when one is
 * deleted from the folder while a Stage still pins it, its last copy keeps serving, with a warning
 * on the Stage.
 */
public final class FolderCompiler {
    private final Path folder;
    private final List<ApiRef> services;
    private final Compiler compiler = new Compiler();
    // The last text of each file that read without a parse error, by its name in the folder.
    private final Map<String, String> lastReadable = new HashMap<>();
    private final LastSeenDeployments lastSeen = new LastSeenDeployments();

    /**
     * @param folder the folder to read
     * @param services Services declared on the command line ({@code NAME[.NAMESPACE]})
     */
    public FolderCompiler(Path folder, List<ApiRef> services) {
        this.folder = folder;
        this.services = List.copyOf(services);
    }

    /**
     * The outcome of one compile.
     *
     * @param configs one config per namespace (resources with errors left out)
     * @param findings every load and compile finding
     * @param problems what kept the folder from being compiled at all (it could not be listed, a
     *     file could not be read, the compiler failed): the last good config keeps serving
     * @param keptFiles files with a document that cannot be read, compiled as they last read cleanly
     */
    public record Outcome(
            List<GatewayConfig> configs,
            List<Finding> findings,
            List<String> problems,
            KeyMaterial keyMaterial,
            List<String> keptFiles) {
        /** An outcome without Secrets. */
        public Outcome(List<GatewayConfig> configs, List<Finding> findings, List<String> problems) {
            this(configs, findings, problems, KeyMaterial.NONE, List.of());
        }

        /** Whether any finding is an error or anything could not be read. */
        public boolean hasErrors() {
            return !problems.isEmpty() || findings.stream().anyMatch(Finding::isError);
        }

        /** Whether the folder as a whole failed, so the last good config keeps serving. */
        public boolean failed() {
            return !problems.isEmpty();
        }

        /** How many findings are errors, each leaving a resource or a method out. */
        public long errors() {
            return findings.stream().filter(Finding::isError).count();
        }
    }

    /** Reads and compiles the folder now (one caller at a time: it remembers what last read cleanly). */
    public synchronized Outcome compile() {
        FolderSources read = FolderSources.read(folder);
        List<String> problems = new ArrayList<>(read.problems());
        List<SourceDocument> sources = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Map<String, String> readable = new HashMap<>();
        for (SourceDocument source : read.sources()) {
            String name = source.name();
            List<Finding> parseErrors;
            try {
                parseErrors = ResourceLoader.load(List.of(source)).findings().stream()
                        .filter(f -> f.reason() == Reason.PARSE_ERROR)
                        .toList();
            } catch (RuntimeException e) {
                problems.add("cannot load " + name + ": " + e);
                continue;
            }
            String previous = lastReadable.get(name);
            if (parseErrors.isEmpty()) {
                readable.put(name, source.text());
                sources.add(source);
            } else if (previous != null) {
                // The reader's errors are reported; the file's resources serve as they last read.
                findings.addAll(parseErrors);
                kept.add(name);
                readable.put(name, previous);
                sources.add(new SourceDocument(name, previous));
            } else {
                sources.add(source);
            }
        }
        LoadResult loaded;
        try {
            loaded = ResourceLoader.load(sources);
        } catch (RuntimeException e) {
            problems.add("cannot load the folder: " + e);
            return new Outcome(List.of(), findings, problems, KeyMaterial.NONE, kept);
        }
        findings.addAll(loaded.findings());
        List<GatewayConfig> configs = new ArrayList<>();
        List<SecretInfo> secrets = new ArrayList<>();
        for (NamespaceSnapshot snapshot : loaded.snapshots().values()) {
            secrets.addAll(snapshot.secrets());
            try {
                CompileResult result = compiler.compile(lastSeen.apply(withFlagServices(snapshot)));
                findings.addAll(result.findings());
                configs.add(result.config());
            } catch (RuntimeException e) {
                problems.add("cannot compile namespace " + snapshot.namespace() + ": " + e);
            }
        }
        if (problems.isEmpty()) {
            // Only a folder that compiled becomes the base of later fallbacks; deleted files drop out.
            lastReadable.clear();
            lastReadable.putAll(readable);
        }
        return new Outcome(configs, findings, problems, KeyMaterial.of(secrets), kept);
    }

    /**
     * The config of one test invocation of {@code restApi} in {@code namespace} as the folder
     * defines it now, behind a virtual stage with the variables of the stage named {@code stageName}
     * (or none): see {@link TestInvokeStage}. Only the findings about the RestApi and the
     * Integrations it uses are returned; the config is null when the namespace or RestApi is
     * missing.
     */
    public Outcome testInvokeConfig(String namespace, String restApi, String stageName) {
        FolderSources read = FolderSources.read(folder);
        List<String> problems = new ArrayList<>(read.problems());
        NamespaceSnapshot snapshot =
                ResourceLoader.load(read.sources()).snapshots().get(namespace);
        if (snapshot == null
                || snapshot.restApis().stream()
                        .noneMatch(a -> a.getMetadata().getName().equals(restApi))) {
            problems.add("no RestApi named " + restApi + " in namespace " + namespace + " in " + folder);
            return new Outcome(List.of(), List.of(), problems);
        }
        Stage stage = null;
        if (stageName != null) {
            stage = snapshot.stages().stream()
                    .filter(s ->
                            s.getSpec() != null && restApi.equals(s.getSpec().getRestApiRef()))
                    .filter(s -> stageName.equals(DeploymentHistory.stageName(s)))
                    .findFirst()
                    .orElse(null);
            if (stage == null) {
                problems.add("RestApi " + restApi + " has no stage named " + stageName);
                return new Outcome(List.of(), List.of(), problems);
            }
        }
        CompileResult result = compiler.compile(TestInvokeStage.snapshot(withFlagServices(snapshot), restApi, stage));
        Set<String> integrations = snapshot.restApis().stream()
                .filter(a -> a.getMetadata().getName().equals(restApi) && a.getSpec() != null)
                .findFirst()
                .map(a -> DeploymentSnapshots.integrationRefs(a.getSpec()))
                .orElse(new TreeSet<>());
        List<Finding> relevant = result.findings().stream()
                .filter(f -> (f.resource().kind().equals("RestApi")
                                && f.resource().name().equals(restApi))
                        || (f.resource().kind().equals("Integration")
                                && integrations.contains(f.resource().name()))
                        || f.resource().kind().equals("Stage"))
                .toList();
        return new Outcome(List.of(result.config()), relevant, problems, KeyMaterial.of(snapshot.secrets()), List.of());
    }

    /**
     * The snapshot with the {@code --service} Services of its namespace, and of the namespaces whose
     * ReferenceGrants admit it (as the loader adds their declared Services), that the folder does
     * not declare itself. Whether a grant admits a reference is still the compiler's to decide.
     */
    private NamespaceSnapshot withFlagServices(NamespaceSnapshot s) {
        List<ServiceInfo> all = new ArrayList<>(s.services());
        for (ApiRef flag : services) {
            boolean present = all.stream()
                    .anyMatch(x -> x.name().equals(flag.name()) && x.namespace().equals(flag.namespace()));
            boolean visible = flag.namespace().equals(s.namespace())
                    || s.referenceGrants().stream().anyMatch(g -> flag.namespace()
                            .equals(g.getMetadata().getNamespace()));
            if (visible && !present) {
                all.add(new ServiceInfo(flag.namespace(), flag.name(), List.of(), false));
            }
        }
        // A copy, not a rebuild: every other part of the snapshot (ReferenceGrants too) is kept.
        return s.withServices(all);
    }
}
