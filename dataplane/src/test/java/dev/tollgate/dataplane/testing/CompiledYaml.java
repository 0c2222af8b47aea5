package dev.tollgate.dataplane.testing;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.GatewayConfig;
import java.util.List;

/** Compiles custom-resource YAML with the real loader and compiler, failing on any error finding. */
public final class CompiledYaml {
    private CompiledYaml() {}

    /** The config of namespace {@code default} in {@code yaml}. */
    public static GatewayConfig compile(String yaml) {
        CompileResult result = new Compiler().compile(snapshot(yaml));
        List<Finding> errors =
                result.findings().stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("compile errors: " + errors);
        }
        return result.config();
    }

    /** The Secret values of namespace {@code default} in {@code yaml}, as local mode serves them. */
    public static KeyMaterial keys(String yaml) {
        return KeyMaterial.of(snapshot(yaml).secrets());
    }

    private static NamespaceSnapshot snapshot(String yaml) {
        LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument("test.yaml", yaml)));
        if (loaded.hasErrors()) {
            throw new IllegalArgumentException("load errors: " + loaded.findings());
        }
        return loaded.snapshots().get("default");
    }
}
