package dev.tollgate.dataplane.testing;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.ir.GatewayConfig;
import java.util.List;

/** Compiles custom-resource YAML with the real loader and compiler, failing on any error finding. */
public final class CompiledYaml {
    private CompiledYaml() {}

    /** The config of namespace {@code default} in {@code yaml}. */
    public static GatewayConfig compile(String yaml) {
        LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument("test.yaml", yaml)));
        if (loaded.hasErrors()) {
            throw new IllegalArgumentException("load errors: " + loaded.findings());
        }
        CompileResult result = new Compiler().compile(loaded.snapshots().get("default"));
        List<Finding> errors =
                result.findings().stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("compile errors: " + errors);
        }
        return result.config();
    }
}
