package dev.tollgate.compiler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * The namespace snapshot a test invocation compiles, as AWS's TestInvokeMethod runs a method: the
 * RestApi as it is now (deployed or not) behind one virtual stage that follows it, with the
 * variables of the stage named (or none). Nothing else of the namespace's stages, usage plans or
 * domain names takes part, so their findings do not either.
 */
public final class TestInvokeStage {
    /** The stage name a test invocation runs under when no stage is named, as AWS's console. */
    public static final String DEFAULT_STAGE_NAME = "test-invoke-stage";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private TestInvokeStage() {}

    /**
     * The snapshot with one AutoDeploy stage of {@code restApi}: a copy of {@code stage} (its
     * deployment and canary dropped) when given, else an empty one named {@link #DEFAULT_STAGE_NAME}.
     */
    public static NamespaceSnapshot snapshot(NamespaceSnapshot namespace, String restApi, Stage stage) {
        Stage virtual;
        if (stage != null) {
            virtual = JSON.convertValue(stage, Stage.class);
        } else {
            virtual = new Stage();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(DEFAULT_STAGE_NAME);
            meta.setNamespace(namespace.namespace());
            virtual.setMetadata(meta);
            virtual.setSpec(new StageSpec());
        }
        StageSpec spec = virtual.getSpec() == null ? new StageSpec() : virtual.getSpec();
        spec.setRestApiRef(restApi);
        spec.setDeployment(null);
        spec.setCanary(null);
        spec.setThrottling(null);
        spec.setMethodSettings(null);
        spec.setCache(null);
        virtual.setSpec(spec);
        return namespace
                .withStages(List.of(virtual))
                .withUsagePlans(List.of())
                .withApiKeys(List.of())
                .withDomainNames(List.of())
                .withApiDeployments(List.of())
                .withDeletedApiDeployments(List.of());
    }
}
