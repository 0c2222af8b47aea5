package dev.tollgate.dataplane.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/** Fabric8's CRUD mock API server (plain HTTP), the one stand-in for a cluster's API server. */
public final class MockApiServer {
    private MockApiServer() {}

    /** A started CRUD server with no objects; the caller destroys it. */
    public static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        return server;
    }
}
