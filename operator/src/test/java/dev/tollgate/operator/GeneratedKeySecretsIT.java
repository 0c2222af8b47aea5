package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.ApiKeySpec;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewaySpec;
import dev.tollgate.crds.v1alpha1.GenerateSecret;
import dev.tollgate.operator.apikeys.GeneratedKeySecrets;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Statuses;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ApiKey.spec.generateSecret} on the mock API server: the operator creates the Secret once
 * with a random value of AWS's length, serves the key with it, and never overwrites a Secret that
 * exists (a user's, or one it generated earlier).
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class GeneratedKeySecretsIT {
    static final String NS = "keys";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient operatorClient;

    static ApiKey generated(String name, String secret) {
        ApiKey key = new ApiKey();
        key.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        ApiKeySpec spec = new ApiKeySpec();
        GenerateSecret generate = new GenerateSecret();
        generate.setName(secret);
        spec.setGenerateSecret(generate);
        key.setSpec(spec);
        return key;
    }

    static String value(KubernetesClient client, String secret) {
        Secret s = client.secrets().inNamespace(NS).withName(secret).get();
        if (s == null || s.getData() == null || !s.getData().containsKey(GenerateSecret.SECRET_KEY)) {
            return null;
        }
        return new String(
                Base64.getDecoder().decode(s.getData().get(GenerateSecret.SECRET_KEY)), StandardCharsets.UTF_8);
    }

    @Test
    void aGeneratedKeyGetsFortyRandomLettersAndDigitsOnceAndAnExistingSecretIsNeverOverwritten() {
        KubernetesClient client = TestClients.user(operatorClient);
        Gateway gateway = new Gateway();
        gateway.setMetadata(
                new ObjectMetaBuilder().withName("gateway").withNamespace(NS).build());
        gateway.setSpec(new GatewaySpec());
        client.resource(gateway).create();
        // A user's own Secret under the generated key's name: kept as it is.
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("dave-key")
                        .withNamespace(NS)
                        .endMetadata()
                        // data, not stringData: the mock API server does not fold stringData in.
                        .withData(Map.of(
                                GenerateSecret.SECRET_KEY,
                                Base64.getEncoder()
                                        .encodeToString("daves-own-value-0123456789".getBytes(StandardCharsets.UTF_8))))
                        .build())
                .create();
        client.resource(generated("carol", "carol-key")).create();
        client.resource(generated("dave", "dave-key")).create();

        await().atMost(WAIT).until(() -> value(client, "carol-key") != null);
        String carol = value(client, "carol-key");
        assertThat(carol).hasSize(GeneratedKeySecrets.LENGTH).matches("[A-Za-z0-9]{40}");
        Secret secret = client.secrets().inNamespace(NS).withName("carol-key").get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("ApiKey");
            assertThat(o.getName()).isEqualTo("carol");
        });
        // The key is served with its value: accepted with no "not served yet" warning.
        await().atMost(WAIT).until(() -> {
            Condition c = Statuses.condition(client, ApiKey.class, NS, "carol", Crds.CONDITION_ACCEPTED);
            return c != null && "True".equals(c.getStatus()) && !c.getMessage().contains("does not exist yet");
        });

        // More reconciles (a third key, then a Gateway change) generate erin's and leave carol's and dave's.
        client.resource(generated("erin", "erin-key")).create();
        await().atMost(WAIT).until(() -> value(client, "erin-key") != null);
        client.resources(Gateway.class).inNamespace(NS).withName("gateway").edit(g -> {
            g.getSpec().setReplicas(2);
            return g;
        });
        await().atMost(WAIT).until(() -> {
            Condition c = Statuses.condition(client, Gateway.class, NS, "gateway", Crds.CONDITION_ACCEPTED);
            return c != null && Long.valueOf(2).equals(c.getObservedGeneration());
        });
        assertThat(value(client, "carol-key")).isEqualTo(carol);
        assertThat(value(client, "erin-key")).isNotEqualTo(carol).matches("[A-Za-z0-9]{40}");
        assertThat(value(client, "dave-key")).isEqualTo("daves-own-value-0123456789");
    }
}
