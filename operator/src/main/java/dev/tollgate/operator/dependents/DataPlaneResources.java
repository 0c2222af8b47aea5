package dev.tollgate.operator.dependents;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewaySpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The desired data plane objects of a Gateway: pure functions of the Gateway, the compiled config
 * (as canonical JSON) and the operator's settings. Every object is owned by the Gateway, so
 * deleting the Gateway deletes them (Kubernetes' garbage collector; no finalizer needed). The
 * operator's workflow ({@code dev.tollgate.operator.workflow}) writes them, one dependent resource
 * per object.
 */
public final class DataPlaneResources {
    /** Configs larger than this are gzip-compressed into {@code binaryData}. */
    public static final int COMPRESS_ABOVE_BYTES = 256 * 1024;

    /** Port the data plane serves traffic on inside the pod. */
    public static final int TRAFFIC_PORT = 8080;

    /** Port the TLS listener serves custom domains on inside the pod, when the Gateway has one. */
    public static final int HTTPS_PORT = 8443;

    /** Port of the admin endpoints (probes, metrics, /config). */
    public static final int ADMIN_PORT = 9000;

    /** Where the config ConfigMap is mounted in the pod. */
    public static final String CONFIG_MOUNT = "/etc/tollgate/config";

    /** Where the admin token Secret is mounted in the pod (optional: absent means loopback only). */
    public static final String ADMIN_TOKEN_MOUNT = "/etc/tollgate/admin";

    /** Where the data plane's Secret is mounted in the pod (read at start when the API server is down). */
    public static final String SECRET_MOUNT = "/etc/tollgate/secrets";

    private DataPlaneResources() {}

    /** Labels on every object of this Gateway. */
    public static Map<String, String> labels(Gateway gw) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put(DataPlaneNames.NAME_LABEL, "tollgate-dataplane");
        labels.put(DataPlaneNames.INSTANCE_LABEL, gw.getMetadata().getName());
        labels.put(DataPlaneNames.MANAGED_BY_LABEL, DataPlaneNames.MANAGED_BY);
        return labels;
    }

    /** The labels that select this Gateway's data plane pods. */
    public static Map<String, String> selector(Gateway gw) {
        return new TreeMap<>(Map.of(
                DataPlaneNames.NAME_LABEL,
                "tollgate-dataplane",
                DataPlaneNames.INSTANCE_LABEL,
                gw.getMetadata().getName()));
    }

    private static ObjectMeta meta(Gateway gw, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(gw.getMetadata().getNamespace())
                .withLabels(labels(gw))
                .withOwnerReferences(owner(gw))
                .build();
    }

    /** The controller owner reference to the Gateway. */
    public static OwnerReference owner(Gateway gw) {
        return new OwnerReferenceBuilder()
                .withApiVersion(gw.getApiVersion())
                .withKind(gw.getKind())
                .withName(gw.getMetadata().getName())
                .withUid(gw.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** The ConfigMap holding the config: plain JSON, or gzip in binaryData when large. */
    public static ConfigMap configMap(Gateway gw, String configId, String configJson) {
        ObjectMeta meta = meta(gw, DataPlaneNames.configMap(gw.getMetadata().getName()));
        meta.setAnnotations(new TreeMap<>(Map.of(DataPlaneNames.CONFIG_ID_ANNOTATION, configId)));
        byte[] json = configJson.getBytes(StandardCharsets.UTF_8);
        ConfigMapBuilder cm = new ConfigMapBuilder().withMetadata(meta);
        if (json.length > COMPRESS_ABOVE_BYTES) {
            cm.withBinaryData(Map.of("config.json.gz", Base64.getEncoder().encodeToString(gzip(json))));
        } else {
            cm.withData(Map.of("config.json", configJson));
        }
        return cm.build();
    }

    /** The Secret with the secret parts, values base64 as the API carries them. */
    public static Secret secret(Gateway gw, SortedMap<String, byte[]> values) {
        SortedMap<String, String> data = new TreeMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
        return new SecretBuilder()
                .withMetadata(meta(gw, DataPlaneNames.secret(gw.getMetadata().getName())))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** The (initially empty) ConfigMap the pods report the served config id into. */
    public static ConfigMap statusConfigMap(Gateway gw) {
        return new ConfigMapBuilder()
                .withMetadata(
                        meta(gw, DataPlaneNames.statusConfigMap(gw.getMetadata().getName())))
                .build();
    }

    /** The data plane's ServiceAccount. */
    public static ServiceAccount serviceAccount(Gateway gw) {
        return new ServiceAccountBuilder()
                .withMetadata(meta(gw, DataPlaneNames.base(gw.getMetadata().getName())))
                .withAutomountServiceAccountToken(true)
                .build();
    }

    /**
     * The data plane may read only its own ConfigMap and Secret, write only its status ConfigMap,
     * and list and watch EndpointSlices in its namespace: the ready endpoints of its Lambda
     * functions' Services and of its own Service (its replicas). EndpointSlices are selected by
     * label, which a rule cannot name, so that rule covers the namespace's slices (addresses and
     * ports, nothing secret).
     */
    public static Role role(Gateway gw) {
        String name = gw.getMetadata().getName();
        return new RoleBuilder()
                .withMetadata(meta(gw, DataPlaneNames.base(name)))
                .withRules(
                        new PolicyRuleBuilder()
                                .withApiGroups("")
                                .withResources("configmaps")
                                .withResourceNames(DataPlaneNames.configMap(name))
                                .withVerbs("get", "list", "watch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups("")
                                .withResources("secrets")
                                .withResourceNames(DataPlaneNames.secret(name))
                                .withVerbs("get", "list", "watch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups("")
                                .withResources("configmaps")
                                .withResourceNames(DataPlaneNames.statusConfigMap(name))
                                .withVerbs("get", "patch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups("discovery.k8s.io")
                                .withResources("endpointslices")
                                .withVerbs("list", "watch")
                                .build())
                .build();
    }

    /** Binds {@link #role} to {@link #serviceAccount}. */
    public static RoleBinding roleBinding(Gateway gw) {
        String base = DataPlaneNames.base(gw.getMetadata().getName());
        return new RoleBindingBuilder()
                .withMetadata(meta(gw, base))
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", base)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(base)
                .withNamespace(gw.getMetadata().getNamespace())
                .endSubject()
                .build();
    }

    /**
     * Lets the data plane's ServiceAccount create TokenReviews and SubjectAccessReviews (the chart's
     * ClusterRole {@link DataPlaneNames#REVIEWS_CLUSTER_ROLE}), for a namespace whose config has
     * AWS_IAM routes. Both kinds are cluster scoped, so only a ClusterRoleBinding grants them; a
     * cluster-scoped object cannot be owned by a Gateway, so labels name it instead.
     */
    public static ClusterRoleBinding reviewsBinding(Gateway gw) {
        String namespace = gw.getMetadata().getNamespace();
        String name = gw.getMetadata().getName();
        SortedMap<String, String> labels = new TreeMap<>(labels(gw));
        labels.put(DataPlaneNames.NAMESPACE_LABEL, namespace);
        return new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(DataPlaneNames.reviewsBinding(namespace, name))
                .withLabels(labels)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", DataPlaneNames.REVIEWS_CLUSTER_ROLE)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(DataPlaneNames.base(name))
                .withNamespace(namespace)
                .endSubject()
                .build();
    }

    /**
     * The image a Gateway's data plane runs: the operator's, unless overrides are permitted and the
     * Gateway names one. Whoever may write {@code spec.image} would otherwise run any code with the
     * data plane's identity and key material.
     */
    public static String image(Gateway gw, String defaultImage, boolean overridesAllowed) {
        String wanted = gw.getSpec() == null ? null : gw.getSpec().getImage();
        return overridesAllowed && wanted != null && !wanted.isBlank() ? wanted : defaultImage;
    }

    /** Whether the Gateway names an image the operator does not run (overrides are not permitted). */
    public static boolean imageIgnored(Gateway gw, boolean overridesAllowed) {
        String wanted = gw.getSpec() == null ? null : gw.getSpec().getImage();
        return !overridesAllowed && wanted != null && !wanted.isBlank();
    }

    /**
     * The data plane Deployment: probes on the admin port, rolling update with maxUnavailable 0.
     *
     * @param image the image to run (see {@link #image})
     * @param tokenAudience the audience callers' tokens must be issued for on AWS_IAM routes
     */
    public static Deployment deployment(Gateway gw, String image, String tokenAudience) {
        GatewaySpec spec = gw.getSpec() == null ? new GatewaySpec() : gw.getSpec();
        String name = gw.getMetadata().getName();
        ResourceRequirements resources = spec.getResources() == null ? new ResourceRequirements() : spec.getResources();
        return new DeploymentBuilder()
                .withMetadata(meta(gw, DataPlaneNames.base(name)))
                .withNewSpec()
                .withReplicas(replicas(spec))
                .withNewSelector()
                .withMatchLabels(selector(gw))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels(gw))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(DataPlaneNames.base(name))
                .addNewContainer()
                .withName("dataplane")
                .withImage(image)
                .withArgs(args(spec))
                .addNewEnv()
                .withName("TOLLGATE_NAMESPACE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_CONFIGMAP")
                .withValue(DataPlaneNames.configMap(name))
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_STATUS_CONFIGMAP")
                .withValue(DataPlaneNames.statusConfigMap(name))
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_SERVICE")
                .withValue(DataPlaneNames.base(name))
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_CONFIG_DIR")
                .withValue(CONFIG_MOUNT)
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_SECRET")
                .withValue(DataPlaneNames.secret(name))
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_SECRET_DIR")
                .withValue(SECRET_MOUNT)
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_TOKEN_AUDIENCE")
                .withValue(tokenAudience)
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_ADMIN_TOKEN_FILE")
                .withValue(ADMIN_TOKEN_MOUNT + "/token")
                .endEnv()
                .addNewPort()
                .withName("http")
                .withContainerPort(TRAFFIC_PORT)
                .endPort()
                .addNewPort()
                .withName("admin")
                .withContainerPort(ADMIN_PORT)
                .endPort()
                .addAllToPorts(httpsContainerPorts(spec))
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/readyz")
                .withPort(new IntOrString("admin"))
                .endHttpGet()
                .withPeriodSeconds(5)
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/healthz")
                .withPort(new IntOrString("admin"))
                .endHttpGet()
                .withPeriodSeconds(10)
                .endLivenessProbe()
                .withResources(resources)
                .addNewVolumeMount()
                .withName("config")
                .withMountPath(CONFIG_MOUNT)
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("secrets")
                .withMountPath(SECRET_MOUNT)
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("admin-token")
                .withMountPath(ADMIN_TOKEN_MOUNT)
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName(DataPlaneNames.configMap(name))
                .withOptional(true)
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("secrets")
                .withNewSecret()
                .withSecretName(DataPlaneNames.secret(name))
                .withOptional(true)
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("admin-token")
                .withNewSecret()
                .withSecretName(DataPlaneNames.adminSecret(name))
                .withOptional(true)
                .endSecret()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The data plane's arguments: the TLS listener only when the Gateway asks for one. */
    private static List<String> args(GatewaySpec spec) {
        List<String> args = new ArrayList<>(
                List.of("serve", "--port", String.valueOf(TRAFFIC_PORT), "--admin-port", String.valueOf(ADMIN_PORT)));
        if (httpsPort(spec) > 0) {
            args.addAll(List.of("--https-port", String.valueOf(HTTPS_PORT)));
        }
        return args;
    }

    private static List<ContainerPort> httpsContainerPorts(GatewaySpec spec) {
        if (httpsPort(spec) <= 0) {
            return List.of();
        }
        return List.of(new ContainerPortBuilder()
                .withName("https")
                .withContainerPort(HTTPS_PORT)
                .build());
    }

    /** The Service port of the TLS listener, or 0 when the Gateway has none. */
    private static int httpsPort(GatewaySpec spec) {
        if (spec.getListeners() == null || spec.getListeners().getHttps() == null) {
            return 0;
        }
        Integer port = spec.getListeners().getHttps().getPort();
        return port == null ? HTTPS_PORT : port;
    }

    /** The Service in front of the data plane. */
    public static Service service(Gateway gw) {
        GatewaySpec spec = gw.getSpec() == null ? new GatewaySpec() : gw.getSpec();
        ObjectMeta meta = meta(gw, DataPlaneNames.base(gw.getMetadata().getName()));
        if (spec.getService() != null && spec.getService().getAnnotations() != null) {
            meta.setAnnotations(new TreeMap<>(spec.getService().getAnnotations()));
        }
        String type = spec.getService() != null && spec.getService().getType() != null
                ? spec.getService().getType().toString()
                : "ClusterIP";
        int port = spec.getListeners() != null
                        && spec.getListeners().getHttp() != null
                        && spec.getListeners().getHttp().getPort() != null
                ? spec.getListeners().getHttp().getPort()
                : 80;
        return new ServiceBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withType(type)
                .withSelector(selector(gw))
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .addAllToPorts(
                        httpsPort(spec) > 0
                                ? List.of(new ServicePortBuilder()
                                        .withName("https")
                                        .withPort(httpsPort(spec))
                                        .withTargetPort(new IntOrString("https"))
                                        .withProtocol("TCP")
                                        .build())
                                : List.of())
                .endSpec()
                .build();
    }

    /** The PodDisruptionBudget: the Gateway's minAvailable, else 1 when there are replicas to spare. */
    public static PodDisruptionBudget podDisruptionBudget(Gateway gw) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(gw, DataPlaneNames.base(gw.getMetadata().getName())))
                .withNewSpec()
                .withMinAvailable(new IntOrString(minAvailable(gw)))
                .withNewSelector()
                .withMatchLabels(selector(gw))
                .endSelector()
                .endSpec()
                .build();
    }

    /**
     * Whether the Gateway gets a PodDisruptionBudget: only when it keeps a pod available (a budget
     * with minAvailable 0 would allow every disruption, which is what no budget does).
     */
    public static boolean wantsPodDisruptionBudget(Gateway gw) {
        return minAvailable(gw) > 0;
    }

    private static int minAvailable(Gateway gw) {
        GatewaySpec spec = gw.getSpec() == null ? new GatewaySpec() : gw.getSpec();
        if (spec.getPodDisruptionBudget() != null
                && spec.getPodDisruptionBudget().getMinAvailable() != null) {
            return spec.getPodDisruptionBudget().getMinAvailable();
        }
        return replicas(spec) > 1 ? 1 : 0;
    }

    /**
     * Whether the Gateway gets a Secret: only when its config references Secret values (domain
     * certificates, trust stores, backend CA bundles). The pods mount it as optional and keep the last
     * key material when it goes away.
     */
    public static boolean wantsSecret(SortedMap<String, byte[]> values) {
        return !values.isEmpty();
    }

    private static int replicas(GatewaySpec spec) {
        return spec.getReplicas() == null ? 1 : spec.getReplicas();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
