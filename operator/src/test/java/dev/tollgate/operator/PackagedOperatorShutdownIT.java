package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.JavaProcess;
import dev.tollgate.operator.testing.Ports;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator (the Quarkus build's {@code quarkus-app/quarkus-run.jar}, as its image runs
 * it) in its own process against the mock API server: once it leads, SIGTERM ends it within the
 * deadline, whether the API server is still there or gone. A pod that ignores SIGTERM makes every
 * rollout wait out its grace period and then gets killed mid-write.
 */
class PackagedOperatorShutdownIT {
    /** Generous for a shared 2-core machine; a healthy stop takes about a second. */
    static final long EXIT_DEADLINE_SECONDS = 20;

    static final String LEASE_NAMESPACE = "tollgate-system";
    static final String IDENTITY = "tollgate-operator-shutdown-test";

    KubernetesServer server;
    boolean serverStopped;

    @BeforeEach
    void startApiServer() {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        CrdSetup.install(server.getClient());
        CrdSetup.answerLeaseRulesReview(server);
    }

    @AfterEach
    void stopApiServer() {
        if (!serverStopped) {
            server.after();
        }
    }

    JavaProcess startOperator(String name) {
        String master = server.getClient().getConfiguration().getMasterUrl();
        Map<String, String> env = Map.of(
                "KUBERNETES_MASTER", master,
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                "KUBERNETES_NAMESPACE", LEASE_NAMESPACE,
                "TOLLGATE_LEADER_ELECTION_NAMESPACE", LEASE_NAMESPACE,
                "HOSTNAME", IDENTITY,
                "QUARKUS_HTTP_PORT", String.valueOf(Ports.free()));
        return JavaProcess.start(name, JavaProcess.operatorJar(), List.of("-Xmx256m"), env, List.of(), 0);
    }

    /** Waits until the operator holds the Lease: it leads and reconciles. */
    void awaitLeading(JavaProcess operator) {
        KubernetesClient client = server.getClient();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the operator exited before leading; see " + operator.log(), () -> !operator.alive())
                .until(() -> {
                    Lease lease = client.leases()
                            .inNamespace(LEASE_NAMESPACE)
                            .withName("tollgate-operator-leader")
                            .get();
                    return lease != null && IDENTITY.equals(lease.getSpec().getHolderIdentity());
                });
    }

    void assertExitsOnSigterm(JavaProcess operator) throws InterruptedException {
        operator.terminate();
        boolean exited = operator.awaitExit(EXIT_DEADLINE_SECONDS);
        assertThat(exited)
                .as(
                        "the operator still runs %d s after SIGTERM; its log ends with:%n%s%nits threads:%n%s",
                        EXIT_DEADLINE_SECONDS, operator.logTail(20), exited ? "" : operator.threadDump())
                .isTrue();
    }

    @Test
    void leadingOperatorExitsWithinSecondsOfSigterm() throws InterruptedException {
        try (JavaProcess operator = startOperator("operator-sigterm")) {
            awaitLeading(operator);
            assertExitsOnSigterm(operator);
        }
    }

    @Test
    void leadingOperatorExitsWithinSecondsOfSigtermWhenTheApiServerIsGone() throws InterruptedException {
        try (JavaProcess operator = startOperator("operator-sigterm-api-gone")) {
            awaitLeading(operator);
            server.after();
            serverStopped = true;
            assertExitsOnSigterm(operator);
        }
    }
}
