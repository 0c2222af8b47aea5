package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Copying a snapshot with one list changed keeps every other field, whatever fields are added later. */
class NamespaceSnapshotTest {

    private static NamespaceSnapshot full() {
        return NamespaceSnapshot.empty("shop")
                .withRestApis(List.of(new RestApi()))
                .withIntegrations(List.of(new Integration()))
                .withStages(List.of(new Stage()))
                .withUsagePlans(List.of(new UsagePlan()))
                .withApiKeys(List.of(new ApiKey()))
                .withDomainNames(List.of(new DomainName()))
                .withGateways(List.of(new Gateway()))
                .withServices(List.of(new ServiceInfo("finance", "billing", List.of(), false)))
                .withSecrets(List.of(new SecretInfo("shop", "key", null, new TreeMap<>())))
                .withReferenceGrants(List.of(new ReferenceGrant()))
                .withApiDeployments(List.of(new ApiDeployment()))
                .withDeletedApiDeployments(List.of(new ApiDeployment()));
    }

    private static Map<String, Object> components(NamespaceSnapshot snapshot) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (RecordComponent c : NamespaceSnapshot.class.getRecordComponents()) {
            out.put(c.getName(), c.getAccessor().invoke(snapshot));
        }
        return out;
    }

    @Test
    void everyListHasAWithMethodThatChangesOnlyThatList() throws Exception {
        NamespaceSnapshot full = full();
        Map<String, Object> before = components(full);
        assertThat(before.values()).allSatisfy(v -> assertThat(v).isNotEqualTo(List.of()));
        for (RecordComponent c : NamespaceSnapshot.class.getRecordComponents()) {
            if (c.getName().equals("namespace")) {
                continue;
            }
            String with = "with" + Character.toUpperCase(c.getName().charAt(0))
                    + c.getName().substring(1);
            Method method = NamespaceSnapshot.class.getMethod(with, List.class);
            Map<String, Object> after = components((NamespaceSnapshot) method.invoke(full, List.of()));
            Map<String, Object> expected = new TreeMap<>(before);
            expected.put(c.getName(), List.of());
            assertThat(after).as(with).isEqualTo(expected);
        }
    }

    @Test
    void emptySnapshotHoldsNothingButItsNamespace() throws Exception {
        Map<String, Object> empty = components(NamespaceSnapshot.empty("shop"));
        assertThat(empty.remove("namespace")).isEqualTo("shop");
        assertThat(empty.values()).allSatisfy(v -> assertThat(v).isEqualTo(List.of()));
    }
}
