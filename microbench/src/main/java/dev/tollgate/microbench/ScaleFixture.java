package dev.tollgate.microbench;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import java.util.List;

/**
 * A namespace of a given size as custom resources: one RestApi with {@code routes} resources
 * ({@code GET /r0 … /rN}) proxied to one Service, a stage, and a usage plan holding {@code keys}
 * API keys, each with its Secret. The same text a user would apply.
 */
public final class ScaleFixture {
    private ScaleFixture() {}

    /** The resources as one multi-document YAML text. */
    public static String yaml(int routes, int keys) {
        StringBuilder y = new StringBuilder(routes * 120 + keys * 400 + 1024);
        y.append("apiVersion: apigateway.tollgate.dev/v1alpha1\nkind: RestApi\nmetadata:\n  name: scale\n")
                .append("spec:\n  protocolType: REST\n  resources:\n");
        for (int i = 0; i < routes; i++) {
            y.append("    - path: ")
                    .append(path(i))
                    .append("\n      methods:\n        - httpMethod: GET\n")
                    .append(keys > 0 ? "          apiKeyRequired: true\n" : "")
                    .append("          integration:\n            integrationRef: backend\n");
        }
        y.append("---\napiVersion: apigateway.tollgate.dev/v1alpha1\nkind: Integration\nmetadata:\n")
                .append("  name: backend\nspec:\n  type: HTTP_PROXY\n  httpMethod: ANY\n")
                .append("  service:\n    name: backend\n    port: 80\n");
        y.append("---\napiVersion: apigateway.tollgate.dev/v1alpha1\nkind: Stage\nmetadata:\n  name: prod\n")
                .append("spec:\n  restApiRef: scale\n  stageName: prod\n");
        y.append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: backend\nspec:\n  ports:\n")
                .append("    - port: 80\n");
        if (keys > 0) {
            y.append("---\napiVersion: apigateway.tollgate.dev/v1alpha1\nkind: UsagePlan\nmetadata:\n")
                    .append("  name: plan\nspec:\n  apiStages:\n    - restApiRef: scale\n      stage: prod\n")
                    .append("  throttle:\n    rateLimit: 100\n    burstLimit: 200\n  apiKeys:\n");
            for (int k = 0; k < keys; k++) {
                y.append("    - key-").append(k).append('\n');
            }
            for (int k = 0; k < keys; k++) {
                y.append("---\napiVersion: apigateway.tollgate.dev/v1alpha1\nkind: ApiKey\nmetadata:\n")
                        .append("  name: key-")
                        .append(k)
                        .append("\nspec:\n  valueFrom:\n    secretKeyRef:\n      name: key-")
                        .append(k)
                        .append("\n      key: value\n");
                y.append("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: key-")
                        .append(k)
                        .append("\ntype: Opaque\nstringData:\n  value: ")
                        .append(keyValue(k))
                        .append('\n');
            }
        }
        return y.toString();
    }

    /** The resource path of route {@code i}. */
    public static String path(int i) {
        return "/r" + i;
    }

    /** The API key value of key {@code k}: 40 characters, as AWS generates them. */
    public static String keyValue(int k) {
        String n = Integer.toString(k);
        return "k".repeat(40 - n.length()) + n;
    }

    /** The namespace the text loads into. */
    public static NamespaceSnapshot snapshot(int routes, int keys) {
        LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument("scale.yaml", yaml(routes, keys))));
        return loaded.snapshots().get(ResourceLoader.DEFAULT_NAMESPACE);
    }

    /** The namespace compiled. */
    public static CompileResult compile(int routes, int keys) {
        return new Compiler().compile(snapshot(routes, keys));
    }
}
