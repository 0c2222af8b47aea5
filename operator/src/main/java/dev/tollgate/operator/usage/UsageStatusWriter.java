package dev.tollgate.operator.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.crds.v1alpha1.UsagePlanUsage;
import dev.tollgate.operator.LeaderElection;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes each UsagePlan's per-key usage of the current quota period into its status, read from the
 * {@code /usage} admin endpoint of its namespace's data plane pods. One pass every {@code
 * tollgate.usage.status-interval} (30 s by default; 0 turns it off), on the leader only, so a plan's
 * status is written at most once per interval, and only when the figures changed. Only {@code
 * /status/usage} is patched: the conditions stay the reconciler's, and spec is never touched. The
 * pods answer {@code /usage} off their loopback only with the admin token, so each read sends the
 * {@code token} of the Gateway's admin Secret when there is one.
 */
@ApplicationScoped
public class UsageStatusWriter {
    private static final Logger LOG = Logger.getLogger(UsageStatusWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_NAMESPACES = "JOSDK_ALL_NAMESPACES";

    @ConfigProperty(name = "tollgate.usage.status-interval", defaultValue = "30s")
    Duration interval;

    @ConfigProperty(name = "quarkus.operator-sdk.controllers.gateway.namespaces", defaultValue = ALL_NAMESPACES)
    List<String> namespaces;

    @Inject
    KubernetesClient client;

    @Inject
    LeaderElection leader;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("UsagePlan usage in status is off (tollgate.usage.status-interval)");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tollgate-usage-status");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::safePass, millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void safePass() {
        try {
            if (leader.leading()) {
                pass();
            }
        } catch (RuntimeException e) {
            LOG.warnf("UsagePlan usage pass failed: %s", e.toString());
        }
    }

    /** One pass over every watched namespace's UsagePlans. */
    void pass() {
        Map<String, List<UsagePlan>> byNamespace = new TreeMap<>();
        for (UsagePlan plan : plans()) {
            byNamespace
                    .computeIfAbsent(plan.getMetadata().getNamespace(), ns -> new ArrayList<>())
                    .add(plan);
        }
        byNamespace.forEach(this::namespace);
    }

    private List<UsagePlan> plans() {
        if (namespaces.isEmpty() || namespaces.contains(ALL_NAMESPACES)) {
            return client.resources(UsagePlan.class).inAnyNamespace().list().getItems();
        }
        List<UsagePlan> out = new ArrayList<>();
        for (String ns : namespaces) {
            out.addAll(client.resources(UsagePlan.class).inNamespace(ns).list().getItems());
        }
        return out;
    }

    private void namespace(String namespace, List<UsagePlan> plans) {
        Gateway gateway = client.resources(Gateway.class).inNamespace(namespace).list().getItems().stream()
                .min(Comparator.comparing(
                                (Gateway g) -> String.valueOf(g.getMetadata().getCreationTimestamp()))
                        .thenComparing(g -> g.getMetadata().getName()))
                .orElse(null);
        if (gateway == null) {
            return;
        }
        List<URI> admins = new ArrayList<>();
        for (Pod pod : client.pods()
                .inNamespace(namespace)
                .withLabels(DataPlaneResources.selector(gateway))
                .list()
                .getItems()) {
            URI admin = adminUri(pod);
            if (admin != null) {
                admins.add(admin);
            }
        }
        if (admins.isEmpty()) {
            return;
        }
        boolean shared = gateway.getSpec() != null && gateway.getSpec().getRedis() != null;
        String token = adminToken(namespace, gateway);
        for (UsagePlan plan : plans) {
            if (plan.getStatus() == null) {
                // Not reconciled yet: the reconciler writes the status first.
                continue;
            }
            String name = plan.getMetadata().getName();
            List<JsonNode> answers = new ArrayList<>();
            for (URI admin : admins) {
                JsonNode answer = read(
                        admin.resolve("/usage?plan=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&namespace="
                                + URLEncoder.encode(namespace, StandardCharsets.UTF_8)),
                        token);
                if (answer != null) {
                    answers.add(answer);
                }
            }
            UsagePlanUsage usage =
                    PlanUsageMerge.merge(answers, shared, Instant.now().toString());
            if (usage == null || PlanUsageMerge.same(usage, plan.getStatus().getUsage())) {
                continue;
            }
            patch(plan, usage);
        }
    }

    /** The admin endpoint of a running pod: its IP and the container port named admin. */
    private static URI adminUri(Pod pod) {
        if (pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase())
                || pod.getStatus().getPodIP() == null
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return null;
        }
        int port = DataPlaneResources.ADMIN_PORT;
        if (pod.getSpec() != null) {
            for (var container : pod.getSpec().getContainers()) {
                for (ContainerPort p : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                    if ("admin".equals(p.getName()) && p.getContainerPort() != null) {
                        port = p.getContainerPort();
                    }
                }
            }
        }
        String ip = pod.getStatus().getPodIP();
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        return URI.create("http://" + host + ":" + port + "/");
    }

    /** The {@code token} of the Gateway's admin Secret (made by users), or null without one. */
    private String adminToken(String namespace, Gateway gateway) {
        Secret secret;
        try {
            secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(DataPlaneNames.adminSecret(gateway.getMetadata().getName()))
                    .get();
        } catch (KubernetesClientException e) {
            LOG.debugf(
                    "admin token of %s/%s: %s", namespace, gateway.getMetadata().getName(), e.toString());
            return null;
        }
        String value = secret == null || secret.getData() == null
                ? null
                : secret.getData().get("token");
        if (value == null) {
            return null;
        }
        try {
            String token = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? null : token;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode read(URI uri, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // 404: this pod does not serve the plan (yet); not an error.
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            LOG.debugf("usage from %s: %s", uri, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void patch(UsagePlan plan, UsagePlanUsage usage) {
        String body = "[{\"op\":\"add\",\"path\":\"/status/usage\",\"value\":" + Serialization.asJson(usage) + "}]";
        try {
            client.resources(UsagePlan.class)
                    .inNamespace(plan.getMetadata().getNamespace())
                    .withName(plan.getMetadata().getName())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), body);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
