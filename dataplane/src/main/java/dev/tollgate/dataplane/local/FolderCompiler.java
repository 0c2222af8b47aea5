package dev.tollgate.dataplane.local;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.GatewayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} / {@code *.yml} under a folder (recursively, multi-document files
 * too), adds the Services declared by {@code --service} flags, and compiles each namespace. Pure
 * apart from reading the files; never throws for bad input.
 */
public final class FolderCompiler {
    private final Path folder;
    private final List<ApiRef> services;
    private final Compiler compiler = new Compiler();

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
     * @param problems files that could not be read
     */
    public record Outcome(
            List<GatewayConfig> configs, List<Finding> findings, List<String> problems, KeyMaterial keyMaterial) {
        /** An outcome without Secrets. */
        public Outcome(List<GatewayConfig> configs, List<Finding> findings, List<String> problems) {
            this(configs, findings, problems, KeyMaterial.NONE);
        }

        /** Whether anything is wrong enough to keep the last good config. */
        public boolean hasErrors() {
            return !problems.isEmpty() || findings.stream().anyMatch(Finding::isError);
        }
    }

    /** Reads and compiles the folder now. */
    public Outcome compile() {
        List<String> problems = new ArrayList<>();
        List<SourceDocument> sources = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .forEach(files::add);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot list " + folder + ": " + e.getMessage());
        }
        for (Path file : files) {
            try {
                sources.add(new SourceDocument(
                        folder.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                problems.add("cannot read " + file + ": " + e.getMessage());
            }
        }
        LoadResult loaded;
        try {
            loaded = ResourceLoader.load(sources);
        } catch (RuntimeException e) {
            problems.add("cannot load the folder: " + e);
            return new Outcome(List.of(), List.of(), problems);
        }
        List<Finding> findings = new ArrayList<>(loaded.findings());
        List<GatewayConfig> configs = new ArrayList<>();
        List<SecretInfo> secrets = new ArrayList<>();
        for (NamespaceSnapshot snapshot : loaded.snapshots().values()) {
            secrets.addAll(snapshot.secrets());
            try {
                CompileResult result = compiler.compile(withFlagServices(snapshot));
                findings.addAll(result.findings());
                configs.add(result.config());
            } catch (RuntimeException e) {
                problems.add("cannot compile namespace " + snapshot.namespace() + ": " + e);
            }
        }
        return new Outcome(configs, findings, problems, KeyMaterial.of(secrets));
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
