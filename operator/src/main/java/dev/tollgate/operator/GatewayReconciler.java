package dev.tollgate.operator;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewayStatus;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import dev.tollgate.operator.status.KindStatuses;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.status.StatusAggregator.DataPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Gateway is the primary resource of a namespace's data plane. Every other kind, the Secrets
 * and Services they name, and the status ConfigMap the pods write into are secondary resources
 * mapped to the Gateway of their namespace: any change triggers one reconcile of that namespace
 * (changes arriving during a reconcile coalesce into one more). A reconcile builds the snapshot
 * from the informer caches, compiles it once, writes the data plane objects that changed and
 * patches the status of every resource whose status changed.
 */
@ControllerConfiguration(name = GatewayReconciler.NAME)
public class GatewayReconciler implements Reconciler<Gateway> {
    /** Controller name (configuration key {@code quarkus.operator-sdk.controllers.gateway.*}). */
    public static final String NAME = "gateway";

    private static final Logger LOG = Logger.getLogger(GatewayReconciler.class);

    private final Compiler compiler = new Compiler();

    @Inject
    CompileCounter compiles;

    @ConfigProperty(name = "tollgate.dataplane.image", defaultValue = "tollgate/dataplane:0.1.0")
    String dataPlaneImage;

    @Override
    public List<EventSource<?, Gateway>> prepareEventSources(EventSourceContext<Gateway> context) {
        List<EventSource<?, Gateway>> sources = new ArrayList<>();
        // A grant concerns the Gateways of the namespaces it admits, and of its own.
        InformerEventSource<ReferenceGrant, Gateway> grants = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ReferenceGrant.class, Gateway.class)
                        .withName(ReferenceGrant.class.getSimpleName())
                        .withSecondaryToPrimaryMapper(g -> gatewaysIn(context, grantNamespaces(g)))
                        .withNamespacesInheritedFromController()
                        .build(),
                context);
        sources.add(grants);
        // A Service concerns its namespace's Gateway and those of namespaces granted access to it.
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Service.class, Gateway.class)
                        .withName(Service.class.getSimpleName())
                        .withSecondaryToPrimaryMapper(svc -> {
                            Set<String> namespaces = new TreeSet<>();
                            namespaces.add(svc.getMetadata().getNamespace());
                            grants.list(svc.getMetadata().getNamespace(), g -> true)
                                    .forEach(g -> namespaces.addAll(grantNamespaces(g)));
                            return gatewaysIn(context, namespaces);
                        })
                        .withNamespacesInheritedFromController()
                        .build(),
                context));
        sources.add(source(context, RestApi.class, null));
        sources.add(source(context, Integration.class, null));
        sources.add(source(context, Stage.class, null));
        sources.add(source(context, UsagePlan.class, null));
        sources.add(source(context, ApiKey.class, null));
        sources.add(source(context, DomainName.class, null));
        sources.add(source(context, Secret.class, null));
        // Only our own ConfigMaps: the pods report the served config id in one of them.
        sources.add(
                source(context, ConfigMap.class, DataPlaneNames.MANAGED_BY_LABEL + "=" + DataPlaneNames.MANAGED_BY));
        return sources;
    }

    /** The namespace of a grant and every namespace it admits. */
    static Set<String> grantNamespaces(ReferenceGrant grant) {
        Set<String> out = new TreeSet<>();
        out.add(grant.getMetadata().getNamespace());
        if (grant.getSpec() != null && grant.getSpec().getFrom() != null) {
            grant.getSpec().getFrom().stream()
                    .map(f -> f.getNamespace())
                    .filter(Objects::nonNull)
                    .forEach(out::add);
        }
        return out;
    }

    private static Set<ResourceID> gatewaysIn(EventSourceContext<Gateway> context, Set<String> namespaces) {
        return namespaces.stream()
                .flatMap(ns -> context.getPrimaryCache().list(ns))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static <R extends HasMetadata> InformerEventSource<R, Gateway> source(
            EventSourceContext<Gateway> context, Class<R> type, String labelSelector) {
        SecondaryToPrimaryMapper<R> toGateway = r -> context.getPrimaryCache()
                .list(r.getMetadata().getNamespace())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
        var config = InformerEventSourceConfiguration.from(type, Gateway.class)
                .withName(type.getSimpleName())
                .withSecondaryToPrimaryMapper(toGateway)
                .withNamespacesInheritedFromController();
        if (CustomResource.class.isAssignableFrom(type)) {
            // A status-only change (our own patch) does not change what compiles.
            config.withOnUpdateFilter((next, old) -> !Objects.equals(
                    next.getMetadata().getGeneration(), old.getMetadata().getGeneration()));
        }
        if (labelSelector != null) {
            config.withLabelSelector(labelSelector);
        }
        return new InformerEventSource<>(config.build(), context);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> List<R> cached(Context<Gateway> context, Class<R> type, String namespace) {
        var source = (InformerEventSource<R, Gateway>)
                context.eventSourceRetriever().getEventSourceFor(type, type.getSimpleName());
        return source.list(namespace, r -> true).toList();
    }

    @Override
    public UpdateControl<Gateway> reconcile(Gateway gateway, Context<Gateway> context) {
        KubernetesClient client = context.getClient();
        String namespace = gateway.getMetadata().getNamespace();
        Instant now = Instant.now();
        List<Gateway> gateways = gatewaysOf(context, namespace);
        Gateway owner = gateways.isEmpty() ? gateway : gateways.get(0);
        if (!owner.getMetadata().getName().equals(gateway.getMetadata().getName())) {
            GatewayStatus refused = KindStatuses.GATEWAY.build(
                    gateway.getStatus(),
                    gateway.getMetadata().getGeneration(),
                    List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
                            .withType(Crds.CONDITION_ACCEPTED)
                            .withStatus("False")
                            .withReason("Conflicted")
                            .withMessage("namespace " + namespace + " is already served by Gateway "
                                    + owner.getMetadata().getName() + "; this one changes nothing")
                            .withObservedGeneration(gateway.getMetadata().getGeneration())
                            .build()),
                    now);
            patchStatus(client, gateway, gateway.getStatus(), refused);
            return UpdateControl.noUpdate();
        }

        List<ReferenceGrant> grants = grantsAdmitting(context, namespace);
        NamespaceSnapshot snapshot = new NamespaceSnapshot(
                namespace,
                cached(context, RestApi.class, namespace),
                cached(context, Integration.class, namespace),
                cached(context, Stage.class, namespace),
                cached(context, UsagePlan.class, namespace),
                cached(context, ApiKey.class, namespace),
                cached(context, DomainName.class, namespace),
                List.of(gateway),
                services(context, namespace, grants),
                cached(context, Secret.class, namespace).stream()
                        .filter(s -> !SnapshotReader.managed(s))
                        .map(SnapshotReader::secret)
                        .toList(),
                grants,
                List.of(),
                List.of());
        CompileResult result = compiler.compile(snapshot);
        compiles.increment();
        GatewayConfig config = result.config();
        String configId = config.configId();

        SortedMap<String, byte[]> secretParts =
                dev.tollgate.operator.dependents.SecretParts.of(config, snapshot.secrets());
        for (HasMetadata desired :
                DataPlaneResources.all(gateway, configId, IrJson.toJson(config), secretParts, dataPlaneImage)) {
            if (ObjectWriter.ensure(client, desired)) {
                LOG.infof(
                        "%s/Gateway/%s: wrote %s %s (config %s)",
                        namespace,
                        gateway.getMetadata().getName(),
                        desired.getKind(),
                        desired.getMetadata().getName(),
                        configId);
            }
        }
        ObjectWriter.createIfAbsent(client, DataPlaneResources.statusConfigMap(gateway));

        DataPlane dataPlane =
                served(context, namespace, gateway, configId) ? DataPlane.SERVING_CURRENT : DataPlane.PENDING;
        statuses(client, snapshot.restApis(), KindStatuses.REST_API, result, dataPlane, configId, now);
        statuses(client, snapshot.integrations(), KindStatuses.INTEGRATION, result, dataPlane, configId, now);
        statuses(client, snapshot.stages(), KindStatuses.STAGE, result, dataPlane, configId, now);
        statuses(client, snapshot.usagePlans(), KindStatuses.USAGE_PLAN, result, dataPlane, configId, now);
        statuses(client, snapshot.apiKeys(), KindStatuses.API_KEY, result, dataPlane, configId, now);
        statuses(client, snapshot.domainNames(), KindStatuses.DOMAIN_NAME, result, dataPlane, configId, now);
        statuses(client, List.of(gateway), KindStatuses.GATEWAY, result, dataPlane, configId, now);
        return UpdateControl.noUpdate();
    }

    /** The ReferenceGrants of other namespaces that name this namespace in {@code from}. */
    @SuppressWarnings("unchecked")
    private static List<ReferenceGrant> grantsAdmitting(Context<Gateway> context, String namespace) {
        var source = (InformerEventSource<ReferenceGrant, Gateway>) context.eventSourceRetriever()
                .getEventSourceFor(ReferenceGrant.class, ReferenceGrant.class.getSimpleName());
        return source.list(g -> !namespace.equals(g.getMetadata().getNamespace())
                        && grantNamespaces(g).contains(namespace))
                .sorted(Comparator.comparing(
                                (ReferenceGrant g) -> g.getMetadata().getNamespace())
                        .thenComparing(g -> g.getMetadata().getName()))
                .toList();
    }

    /** This namespace's Services and those of the namespaces whose grants admit it. */
    @SuppressWarnings("unchecked")
    private static List<ServiceInfo> services(Context<Gateway> context, String namespace, List<ReferenceGrant> grants) {
        var source = (InformerEventSource<Service, Gateway>)
                context.eventSourceRetriever().getEventSourceFor(Service.class, Service.class.getSimpleName());
        Set<String> namespaces = new TreeSet<>();
        namespaces.add(namespace);
        grants.forEach(g -> namespaces.add(g.getMetadata().getNamespace()));
        return namespaces.stream()
                .flatMap(ns -> source.list(ns, s -> true))
                .map(SnapshotReader::service)
                .toList();
    }

    private static List<Gateway> gatewaysOf(Context<Gateway> context, String namespace) {
        // The oldest Gateway of a namespace serves it; ties broken by name.
        return context.getPrimaryCache()
                .list(namespace)
                .sorted(Comparator.comparing(
                                (Gateway g) -> String.valueOf(g.getMetadata().getCreationTimestamp()))
                        .thenComparing(g -> g.getMetadata().getName()))
                .toList();
    }

    /** Aggregates each resource's status from its findings and patches it where it changed. */
    private static <S extends ResourceStatus, R extends CustomResource<?, S>> void statuses(
            KubernetesClient client,
            List<R> resources,
            StatusAggregator<S> aggregator,
            CompileResult result,
            DataPlane dataPlane,
            String configId,
            Instant now) {
        for (R r : resources) {
            S next = aggregator.aggregate(
                    r.getStatus(),
                    gen(r),
                    findings(result, HasMetadata.getKind(r.getClass()), r),
                    dataPlane,
                    configId,
                    now);
            patchStatus(client, r, r.getStatus(), next);
        }
    }

    private static Long gen(HasMetadata r) {
        return r.getMetadata().getGeneration();
    }

    private static List<Finding> findings(CompileResult result, String kind, HasMetadata r) {
        return result.findingsFor(new ResourceRef(
                kind, r.getMetadata().getNamespace(), r.getMetadata().getName()));
    }

    /** Whether any data plane pod reported serving this config id. */
    private static boolean served(Context<Gateway> context, String namespace, Gateway gateway, String configId) {
        String name = DataPlaneNames.statusConfigMap(gateway.getMetadata().getName());
        return cached(context, ConfigMap.class, namespace).stream()
                .filter(cm -> name.equals(cm.getMetadata().getName()))
                .map(ConfigMap::getData)
                .filter(Objects::nonNull)
                .map(Map::values)
                .anyMatch(ids -> ids.contains(configId));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <S extends ResourceStatus> void patchStatus(
            KubernetesClient client, CustomResource resource, S old, S next) {
        if (!StatusAggregator.changed(old, next)) {
            return;
        }
        try {
            // A JSON patch setting the whole status on the status subresource: conditions are
            // replaced as a whole (a merge patch would do too on a real API server, but the mock
            // server merges lists), no resourceVersion is sent, so the user's spec writes never
            // conflict with ours, and spec is never touched.
            String body = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(next) + "}]";
            client.resources(resource.getClass())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), body);
            Events.onRejection(client, resource, old, next);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Names a resource in logs: {@code namespace/Kind/name}. */
    static String describe(HasMetadata r) {
        return r.getMetadata().getNamespace() + "/" + r.getKind() + "/"
                + r.getMetadata().getName();
    }
}
