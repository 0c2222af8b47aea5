package dev.tollgate.dataplane.source.kube;

import dev.tollgate.dataplane.http.Json;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.GatewayConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link GatewayServer} from the Gateway's ConfigMap. At start it serves the mounted copy
 * (so a pod boots while the API server is down), then watches the ConfigMap and swaps each new
 * config in atomically. A ConfigMap that cannot be read, or a deleted one, leaves the last good
 * config serving; a lost watch is re-established by the informer. After each swap the pod writes
 * the served config id into the status ConfigMap under its own name (a JSON merge patch of one key,
 * so replicas never conflict); the operator reads it to set Programmed.
 *
 * <p>With a Secret in the settings, the key material the config references (certificates, trust
 * stores, CA bundles) comes from it the same way: the mounted copy at start, then the watched
 * Secret; a changed Secret re-applies the served config with the new material, so certificates
 * rotate without a restart. A deleted Secret leaves the last material serving. Values are never
 * logged.
 *
 * <p>When the served config's Redis refuses the gateway (credentials, permissions, certificates, a
 * missing Secret value), the pod writes why under {@code <pod>.redis-problem} in the status
 * ConfigMap, checked every few seconds and removed once fixed or when the pod stops; the operator
 * shows it in the Gateway's status.
 */
public final class KubeConfigSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeConfigSource.class);
    private static final long RETRY_SECONDS = 5;
    private static final long REDIS_CHECK_SECONDS = 2;

    /** Suffix of the status ConfigMap key under which a pod reports why its Redis refuses it. */
    public static final String REDIS_PROBLEM_SUFFIX = ".redis-problem";

    private final KubernetesClient client;
    private final KubeSourceSettings settings;
    private final GatewayServer server;
    private final ScheduledExecutorService reporter;
    private volatile String servedId = "";
    private volatile String reportedId = "";
    private SharedIndexInformer<ConfigMap> informer;
    private SharedIndexInformer<Secret> secretInformer;
    private KeyMaterial keys = KeyMaterial.NONE;
    private String keysDigest = "";
    private GatewayConfig current;
    private volatile String reportedRedisProblem;

    private KubeConfigSource(KubernetesClient client, KubeSourceSettings settings, GatewayServer server) {
        this.client = client;
        this.settings = settings;
        this.server = server;
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tollgate-kube-report");
            t.setDaemon(true);
            return t;
        });
    }

    /** Serves the mounted copy if there is one, then starts watching; never waits for the API server. */
    public static KubeConfigSource start(KubernetesClient client, KubeSourceSettings settings, GatewayServer server) {
        KubeConfigSource source = new KubeConfigSource(client, settings, server);
        source.keysFromMount();
        source.bootFromMount();
        source.watchSecret();
        source.watch();
        source.reporter.scheduleWithFixedDelay(
                source::reportRedisProblem, REDIS_CHECK_SECONDS, REDIS_CHECK_SECONDS, TimeUnit.SECONDS);
        return source;
    }

    /** The config id served now, empty before the first config. */
    public String servedId() {
        return servedId;
    }

    private void keysFromMount() {
        if (settings.secret() == null) {
            return;
        }
        try {
            SecretKeyMaterial mounted = SecretKeyMaterial.fromFolder(settings.namespace(), settings.mountedSecret());
            useKeys(mounted, "the mounted copy");
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "cannot read the mounted Secret in {}: {}",
                    settings.mountedSecret(),
                    e.getClass().getSimpleName());
        }
    }

    private void watchSecret() {
        if (settings.secret() == null) {
            return;
        }
        secretInformer = client.secrets()
                .inNamespace(settings.namespace())
                .withName(settings.secret())
                .runnableInformer(0);
        secretInformer.exceptionHandler((started, t) -> {
            LOG.warn(
                    "watch of Secret {}/{} failed, retrying: {}",
                    settings.namespace(),
                    settings.secret(),
                    t.getClass().getSimpleName());
            return true;
        });
        secretInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret s) {
                onSecret(s);
            }

            @Override
            public void onUpdate(Secret oldS, Secret s) {
                onSecret(s);
            }

            @Override
            public void onDelete(Secret s, boolean unknownFinalState) {
                LOG.warn(
                        "Secret {}/{} was deleted; the last key material keeps serving",
                        settings.namespace(),
                        settings.secret());
            }
        });
        secretInformer.start();
    }

    private void onSecret(Secret secret) {
        SecretKeyMaterial material;
        try {
            material = SecretKeyMaterial.fromSecret(settings.namespace(), secret.getData(), secret.getStringData());
        } catch (RuntimeException e) {
            LOG.error(
                    "Secret {}/{} is unreadable; the last key material keeps serving: {}",
                    settings.namespace(),
                    settings.secret(),
                    e.getClass().getSimpleName());
            return;
        }
        useKeys(material, "Secret " + settings.namespace() + "/" + settings.secret());
    }

    /** Takes new key material and, when it differs, re-applies the served config with it. */
    private synchronized void useKeys(SecretKeyMaterial material, String from) {
        String digest = material.digest();
        if (digest.equals(keysDigest)) {
            return;
        }
        KeyMaterial previous = keys;
        String previousDigest = keysDigest;
        keys = material;
        keysDigest = digest;
        LOG.info("key material from {}: {} value(s)", from, material.size());
        if (current == null) {
            return;
        }
        try {
            server.apply(List.of(current), keys);
            server.metrics().configReload(true);
        } catch (RuntimeException e) {
            LOG.error(
                    "config {} could not be re-applied with the key material from {}; the last one keeps serving",
                    current.configId(),
                    from,
                    e);
            keys = previous;
            keysDigest = previousDigest;
            server.metrics().configReload(false);
        }
    }

    private void bootFromMount() {
        try {
            Optional<GatewayConfig> mounted = PublishedConfig.fromFolder(settings.mountedConfig());
            mounted.ifPresent(c -> serve(c, "the mounted copy"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the mounted config in {}: {}", settings.mountedConfig(), e.getMessage());
        }
    }

    private void watch() {
        informer = client.configMaps()
                .inNamespace(settings.namespace())
                .withName(settings.configMap())
                .runnableInformer(0);
        // Keep retrying while the API server is away instead of giving up on the first failure.
        informer.exceptionHandler((started, t) -> {
            LOG.warn(
                    "watch of ConfigMap {}/{} failed, retrying: {}",
                    settings.namespace(),
                    settings.configMap(),
                    t.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                onConfigMap(cm);
            }

            @Override
            public void onUpdate(ConfigMap oldCm, ConfigMap cm) {
                onConfigMap(cm);
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                LOG.warn(
                        "ConfigMap {}/{} was deleted; the last good config keeps serving",
                        settings.namespace(),
                        settings.configMap());
            }
        });
        informer.start();
    }

    private void onConfigMap(ConfigMap cm) {
        Optional<GatewayConfig> config;
        try {
            config = PublishedConfig.fromConfigMap(cm.getData(), cm.getBinaryData());
        } catch (RuntimeException e) {
            LOG.error(
                    "ConfigMap {}/{} holds no readable config; the last good config keeps serving: {}",
                    settings.namespace(),
                    settings.configMap(),
                    e.getMessage());
            server.metrics().configReload(false);
            return;
        }
        config.ifPresent(c -> serve(c, "ConfigMap " + settings.namespace() + "/" + settings.configMap()));
    }

    private synchronized void serve(GatewayConfig config, String from) {
        if (config.configId().equals(servedId)) {
            report();
            return;
        }
        try {
            server.apply(List.of(config), keys);
        } catch (RuntimeException e) {
            LOG.error(
                    "config {} from {} could not be served; the last good config keeps serving",
                    config.configId(),
                    from,
                    e);
            server.metrics().configReload(false);
            return;
        }
        server.metrics().configReload(true);
        servedId = config.configId();
        current = config;
        LOG.info("serving config {} from {}", servedId, from);
        report();
    }

    private void report() {
        reporter.execute(this::reportNow);
    }

    private void reportNow() {
        String id = servedId;
        if (id.isEmpty() || id.equals(reportedId)) {
            return;
        }
        String patch = "{\"data\":{\"" + settings.podName() + "\":\"" + id + "\"}}";
        try {
            client.configMaps()
                    .inNamespace(settings.namespace())
                    .withName(settings.statusConfigMap())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            reportedId = id;
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot report the served config id to {}/{}, retrying: {}",
                    settings.namespace(),
                    settings.statusConfigMap(),
                    e.getMessage());
            reporter.schedule(this::reportNow, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Writes (or removes) this pod's Redis problem in the status ConfigMap when it changed. */
    private void reportRedisProblem() {
        GatewayConfig config;
        synchronized (this) {
            config = current;
        }
        String problem = config == null ? null : server.limits().problem(config);
        if (Objects.equals(problem, reportedRedisProblem)) {
            return;
        }
        if (patchRedisProblem(problem)) {
            reportedRedisProblem = problem;
        }
    }

    private boolean patchRedisProblem(String problem) {
        String value = problem == null ? "null" : "\"" + Json.escape(problem) + "\"";
        String patch = "{\"data\":{\"" + settings.podName() + REDIS_PROBLEM_SUFFIX + "\":" + value + "}}";
        try {
            client.configMaps()
                    .inNamespace(settings.namespace())
                    .withName(settings.statusConfigMap())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot report the Redis problem to {}/{}, retrying: {}",
                    settings.namespace(),
                    settings.statusConfigMap(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        reporter.shutdownNow();
        if (reportedRedisProblem != null) {
            // A stopped pod leaves no problem behind in the Gateway's status.
            patchRedisProblem(null);
        }
        if (informer != null) {
            informer.close();
        }
        if (secretInformer != null) {
            secretInformer.close();
        }
    }
}
