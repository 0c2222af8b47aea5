package dev.tollgate.dataplane.source.kube;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.functions.GateState;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.LambdaInvokeServer;
import dev.tollgate.dataplane.testing.LoadClients;
import dev.tollgate.dataplane.testing.MockApiServer;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Lambda function's concurrency bound in a pod, from its Service's EndpointSlices on Fabric8's
 * mock API server: several invoke-API servers on 127.0.0.1 play the function's pods, each running
 * one invocation at a time and refusing a second as the emulator does. Under parallel load through
 * the gateway no invocation is refused for being concurrent, while endpoints are added, flip
 * unready, leave, and while two gateway replicas share them; a Lambda authorizer's invocations obey
 * the same rule; and an invocation that timed out keeps its endpoint busy until the function ends it.
 */
class LambdaEndpointsIT {
    static final String NS = "team";
    static final String HOST = "fns.team.execute-api.localhost";
    static final ServiceUpstreamConfig FN = new ServiceUpstreamConfig("http", NS, "fn", 8080, "invoke");
    static final ServiceUpstreamConfig AUTH = new ServiceUpstreamConfig("http", NS, "auth", 8080, "invoke");
    static final String WORK = "GET /prod/work HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
    static final String GUARDED = "GET /prod/guarded HTTP/1.1\r\nHost: " + HOST + "\r\nAuthorization: allow\r\n\r\n";

    KubernetesMockServer apiServer;
    KubernetesClient client;
    final List<LambdaInvokeServer> pods = new ArrayList<>();
    final List<AutoCloseable> closing = new ArrayList<>();
    final CountDownLatch hang = new CountDownLatch(1);

    @BeforeEach
    void startApiServer() {
        apiServer = MockApiServer.start();
        client = apiServer.createClient();
    }

    @AfterEach
    void stopAll() throws Exception {
        hang.countDown();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        pods.forEach(LambdaInvokeServer::close);
        client.close();
        apiServer.destroy();
    }

    /** A function pod: its own invoke API, the work function answering which pod ran it. */
    LambdaInvokeServer pod() throws Exception {
        int id = pods.size();
        LambdaInvokeServer pod = new LambdaInvokeServer()
                .function("work", event -> {
                    // A little work, so calls overlap.
                    Thread.sleep(5);
                    return Map.of("statusCode", 200, "body", "pod-" + id);
                })
                .function("auth", event -> LambdaInvokeServer.policy("user", "Allow", "*"))
                .function("hang", event -> {
                    hang.await(20, TimeUnit.SECONDS);
                    return Map.of("statusCode", 200, "body", "finally");
                });
        pods.add(pod);
        return pod;
    }

    /** The EndpointSlice of one function pod, as the endpoint slice controller writes it. */
    static EndpointSlice slice(String service, String name, int port, boolean ready, String pod) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(EndpointSliceWatch.SERVICE_LABEL, service)
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("invoke")
                .withPort(port)
                .withProtocol("TCP")
                .endPort()
                .addNewEndpoint()
                .withAddresses("127.0.0.1")
                .withNewConditions()
                .withReady(ready)
                .endConditions()
                .withNewTargetRef()
                .withKind("Pod")
                .withName(pod)
                .withNamespace(NS)
                .endTargetRef()
                .endEndpoint()
                .build();
    }

    void put(EndpointSlice slice) {
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice).createOr(r -> r.update());
    }

    void publish(String service, LambdaInvokeServer pod, boolean ready) {
        put(slice(service, service + "-" + pod.port(), pod.port(), ready, "fn-" + pod.port()));
    }

    void remove(String service, LambdaInvokeServer pod) {
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(NS)
                .withName(service + "-" + pod.port())
                .delete();
    }

    static LambdaIntegrationConfig function(String name, int timeoutMillis) {
        return new LambdaIntegrationConfig(name, true, name, null, FN, timeoutMillis, "1.0", 0, null, null, List.of());
    }

    static GatewayConfig functions() {
        RequestAuthorizerConfig authorizer = new RequestAuthorizerConfig(
                "token",
                "TOKEN",
                AUTH,
                LambdaIntegrationConfig.invokePath("auth", null),
                5000,
                List.of("header.authorization"),
                null,
                0,
                true,
                null,
                false,
                0);
        return config(
                NS,
                List.of(rest(
                        "fns",
                        stage(
                                "prod",
                                route("GET", "/work", function("work", 29_000)),
                                route("GET", "/hang", function("hang", 3_000)),
                                new RouteConfig(
                                        "GET",
                                        "/guarded",
                                        false,
                                        mock("{\"ok\":true}"),
                                        new RouteAuthorizationConfig(authorizer, List.of()))))),
                List.of());
    }

    /** A gateway replica in pod {@code podName}, serving the functions and watching their slices. */
    GatewayServer replica(String podName, String gatewayService) {
        GatewayServer server = KubeConfigSourceIT.server();
        closing.add(server);
        // The config first: the watch follows the gates that exist when it starts.
        server.apply(List.of(functions()));
        closing.add(EndpointSliceWatch.start(client, server.functions(), NS, podName, gatewayService));
        return server;
    }

    static GateState gate(GatewayServer server, String function) {
        String path = LambdaIntegrationConfig.invokePath(function, null);
        return server.functions().states().entrySet().stream()
                .filter(e -> e.getKey().endsWith(path))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
    }

    static void awaitCapacity(GatewayServer server, String function, int capacity) throws InterruptedException {
        Await.until(
                function + " bounded at " + capacity,
                () -> gate(server, function).capacity() == capacity);
    }

    /** Waits until the function's invocations go to exactly these pods' endpoints. */
    static void awaitEndpoints(GatewayServer server, String function, LambdaInvokeServer... at)
            throws InterruptedException {
        List<String> wanted = new ArrayList<>();
        for (LambdaInvokeServer pod : at) {
            wanted.add("http://127.0.0.1:" + pod.port());
        }
        Await.until(
                function + " sent to " + wanted,
                () -> gate(server, function).targets().equals(wanted));
    }

    /** Sends {@code clients} × {@code each} requests in parallel; returns the clients once all are answered. */
    static LoadClients load(GatewayServer server, String request, int clients, int each) throws Exception {
        LoadClients load = LoadClients.start(server.port(), request, clients, each);
        Await.until("every request answered", () -> load.served() + load.failures() == clients * each);
        load.stop();
        return load;
    }

    int refused() {
        return pods.stream().mapToInt(LambdaInvokeServer::refusedConcurrent).sum();
    }

    @Test
    void theBoundFollowsReadyEndpointsAndNoInvocationIsRefusedForBeingConcurrent() throws Exception {
        LambdaInvokeServer a = pod();
        LambdaInvokeServer b = pod();
        LambdaInvokeServer c = pod();
        publish("fn", a, true);
        publish("fn", b, true);
        publish("fn", c, true);
        GatewayServer gateway = replica("gw-0", null);
        awaitCapacity(gateway, "work", 3);

        LoadClients first = load(gateway, WORK, 9, 8);
        assertThat(first.failures()).isZero();
        assertThat(first.seen()).containsExactlyInAnyOrder("pod-0", "pod-1", "pod-2");
        assertThat(refused()).isZero();

        // b flips unready: it gets no more invocations, the others take the load.
        publish("fn", b, false);
        awaitCapacity(gateway, "work", 2);
        int onB = b.calls("work");
        LoadClients second = load(gateway, WORK, 8, 6);
        assertThat(second.failures()).isZero();
        assertThat(b.calls("work")).isEqualTo(onB);
        assertThat(refused()).isZero();

        // A new pod joins and b is ready again: four endpoints, four invocations at once.
        LambdaInvokeServer d = pod();
        publish("fn", d, true);
        publish("fn", b, true);
        awaitCapacity(gateway, "work", 4);
        LoadClients third = load(gateway, WORK, 12, 6);
        assertThat(third.failures()).isZero();
        assertThat(third.seen()).contains("pod-3");
        assertThat(refused()).isZero();
    }

    @Test
    void noReadyEndpointAnswersAsAThrottledFunctionAfterTheWait() throws Exception {
        LambdaInvokeServer a = pod();
        publish("fn", a, true);
        GatewayServer gateway = replica("gw-0", null);
        awaitEndpoints(gateway, "hang", a);
        remove("fn", a);
        awaitCapacity(gateway, "hang", 0);
        // The wait is the integration timeout (3 s) here; then AWS's answer to a throttled function.
        RawHttp.Response r = RawHttp.get(gateway.port(), HOST, "/prod/hang");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(a.calls("hang")).isZero();
    }

    @Test
    void twoReplicasSplitTheEndpointsSoNoPodGetsTwoInvocations() throws Exception {
        for (int i = 0; i < 4; i++) {
            publish("fn", pod(), true);
        }
        // The Gateway's own Service lists its ready replicas.
        put(slice("tollgate-gw", "tollgate-gw-a", 8080, true, "gw-a"));
        put(slice("tollgate-gw", "tollgate-gw-b", 8080, true, "gw-b"));
        GatewayServer first = replica("gw-a", "tollgate-gw");
        GatewayServer second = replica("gw-b", "tollgate-gw");
        awaitCapacity(first, "work", 2);
        awaitCapacity(second, "work", 2);

        LoadClients one = LoadClients.start(first.port(), WORK, 8, 15);
        LoadClients two = LoadClients.start(second.port(), WORK, 8, 15);
        Await.until(
                "every request answered",
                () -> one.served() + one.failures() + two.served() + two.failures() == 2 * 8 * 15);
        one.stop();
        two.stop();
        assertThat(one.failures() + two.failures()).isZero();
        assertThat(refused()).isZero();
        // Each replica used its own half of the pods.
        assertThat(one.seen()).hasSize(2).doesNotContainAnyElementsOf(two.seen());
        assertThat(two.seen()).hasSize(2);

        // gw-b leaves: gw-a takes every endpoint.
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(NS)
                .withName("tollgate-gw-b")
                .delete();
        awaitCapacity(first, "work", 4);
    }

    @Test
    void lambdaAuthorizerInvocationsKeepToTheBound() throws Exception {
        LambdaInvokeServer a = pod();
        LambdaInvokeServer b = pod();
        publish("auth", a, true);
        publish("auth", b, true);
        GatewayServer gateway = replica("gw-0", null);
        awaitCapacity(gateway, "auth", 2);
        LoadClients load = load(gateway, GUARDED, 10, 10);
        assertThat(load.failures()).isZero();
        assertThat(a.calls("auth") + b.calls("auth")).isEqualTo(100);
        assertThat(refused()).isZero();
    }

    @Test
    void anInvocationThatTimedOutKeepsItsEndpointUntilTheFunctionEndsIt() throws Exception {
        LambdaInvokeServer a = pod();
        publish("fn", a, true);
        GatewayServer gateway = replica("gw-0", null);
        awaitEndpoints(gateway, "hang", a);

        RawHttp.Response timedOut = RawHttp.get(gateway.port(), HOST, "/prod/hang");
        assertThat(timedOut.status()).isEqualTo(504);
        // The function still runs it: the endpoint stays taken.
        assertThat(gate(gateway, "hang").running()).isEqualTo(1);

        CompletableFuture<RawHttp.Response> next =
                CompletableFuture.supplyAsync(() -> get(gateway.port(), "/prod/hang"));
        Await.until(
                "the next call waits for the endpoint",
                () -> gate(gateway, "hang").waiting() == 1);
        hang.countDown();
        RawHttp.Response after = next.get(20, TimeUnit.SECONDS);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("finally");
        assertThat(a.refusedConcurrent()).isZero();
        assertThat(a.calls("hang")).isEqualTo(2);
    }

    static RawHttp.Response get(int port, String path) {
        try {
            return RawHttp.get(port, HOST, path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
