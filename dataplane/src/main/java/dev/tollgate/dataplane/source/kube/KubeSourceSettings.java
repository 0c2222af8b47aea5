package dev.tollgate.dataplane.source.kube;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a data plane pod finds its config, all from its environment (the operator's Deployment sets
 * them).
 *
 * @param namespace the Gateway's namespace ({@code TOLLGATE_NAMESPACE})
 * @param configMap the ConfigMap holding the IR ({@code TOLLGATE_CONFIGMAP})
 * @param statusConfigMap the ConfigMap where each pod reports the config id it serves, key = pod
 *     name ({@code TOLLGATE_STATUS_CONFIGMAP})
 * @param podName this pod's name ({@code POD_NAME}, else {@code HOSTNAME})
 * @param mountedConfig the folder where the ConfigMap is mounted, read at start so a pod boots
 *     while the API server is down ({@code TOLLGATE_CONFIG_DIR}, default {@code
 *     /etc/tollgate/config})
 * @param secret the data plane's Secret holding the key material the config references ({@code
 *     TOLLGATE_SECRET}), or null for none
 * @param mountedSecret the folder where that Secret is mounted, read at start ({@code
 *     TOLLGATE_SECRET_DIR}, default {@code /etc/tollgate/secrets})
 */
public record KubeSourceSettings(
        String namespace,
        String configMap,
        String statusConfigMap,
        String podName,
        Path mountedConfig,
        String secret,
        Path mountedSecret) {
    /** Settings without a Secret: no key material. */
    public KubeSourceSettings(
            String namespace, String configMap, String statusConfigMap, String podName, Path mountedConfig) {
        this(namespace, configMap, statusConfigMap, podName, mountedConfig, null, null);
    }

    public KubeSourceSettings {
        secret = secret == null || secret.isBlank() ? null : secret;
        mountedSecret = mountedSecret == null ? Path.of("/etc/tollgate/secrets") : mountedSecret;
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(configMap, "configMap");
        Objects.requireNonNull(statusConfigMap, "statusConfigMap");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(mountedConfig, "mountedConfig");
        if (!podName.matches("[-._a-zA-Z0-9]+")) {
            throw new IllegalArgumentException("pod name is not a valid ConfigMap key: " + podName);
        }
    }

    /** Reads the settings from an environment; throws naming the first missing variable. */
    public static KubeSourceSettings fromEnvironment(Map<String, String> env) {
        String pod = env.getOrDefault("POD_NAME", env.get("HOSTNAME"));
        return new KubeSourceSettings(
                required(env, "TOLLGATE_NAMESPACE"),
                required(env, "TOLLGATE_CONFIGMAP"),
                required(env, "TOLLGATE_STATUS_CONFIGMAP"),
                pod == null || pod.isBlank() ? "unknown-pod" : pod,
                Path.of(env.getOrDefault("TOLLGATE_CONFIG_DIR", "/etc/tollgate/config")),
                env.get("TOLLGATE_SECRET"),
                Path.of(env.getOrDefault("TOLLGATE_SECRET_DIR", "/etc/tollgate/secrets")));
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return v;
    }
}
