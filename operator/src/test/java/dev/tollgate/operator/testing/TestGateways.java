package dev.tollgate.operator.testing;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewaySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Gateways built in memory, for the pure desired-state and matching tests. */
public final class TestGateways {
    private TestGateways() {}

    /** Gateway {@code gw} in namespace {@code team} (uid {@code uid-1}) with that many replicas (null: unset). */
    public static Gateway gateway(Integer replicas) {
        Gateway gw = new Gateway();
        gw.setMetadata(new ObjectMetaBuilder()
                .withName("gw")
                .withNamespace("team")
                .withUid("uid-1")
                .build());
        GatewaySpec spec = new GatewaySpec();
        spec.setReplicas(replicas);
        gw.setSpec(spec);
        return gw;
    }
}
