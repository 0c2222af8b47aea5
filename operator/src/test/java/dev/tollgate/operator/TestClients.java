package dev.tollgate.operator;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The client tests play the user with: same API server as the operator, its own User-Agent, so the
 * RBAC test can tell the operator's requests from the test's.
 */
final class TestClients {
    static final String USER_AGENT = "tollgate-test-user";
    private static KubernetesClient user;

    private TestClients() {}

    static synchronized KubernetesClient user(KubernetesClient operatorClient) {
        String master = operatorClient.getConfiguration().getMasterUrl();
        if (user == null || !user.getConfiguration().getMasterUrl().equals(master)) {
            user = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(operatorClient.getConfiguration())
                            .withUserAgent(USER_AGENT)
                            .build())
                    .build();
        }
        return user;
    }
}
