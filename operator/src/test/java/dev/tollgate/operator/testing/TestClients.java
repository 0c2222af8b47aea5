package dev.tollgate.operator.testing;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The client tests play the user with: same API server as the operator, its own User-Agent, so the
 * RBAC test can tell the operator's requests from the test's.
 */
public final class TestClients {
    /** The User-Agent of the client tests play the user with. */
    public static final String USER_AGENT = "tollgate-test-user";

    /** The User-Agent of data plane processes started by tests, so the RBAC test can leave them out. */
    public static final String DATA_PLANE_USER_AGENT = "tollgate-dataplane-test";

    private static KubernetesClient user;

    private TestClients() {}

    /** The user's client for the API server the operator talks to (one per server). */
    public static synchronized KubernetesClient user(KubernetesClient operatorClient) {
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
