package dev.tollgate.operator;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.crds.v1alpha1.ApiKey;
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
import dev.tollgate.operator.apikeys.GeneratedKeySecrets;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.SecretParts;
import dev.tollgate.operator.status.KindStatuses;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.status.StatusAggregator.DataPlane;
import dev.tollgate.operator.workflow.ConfigMapDependentResource;
import dev.tollgate.operator.workflow.DeploymentDependentResource;
import dev.tollgate.operator.workflow.DesiredDataPlane;
import dev.tollgate.operator.workflow.PodDisruptionBudgetDependentResource;
import dev.tollgate.operator.workflow.RoleBindingDependentResource;
import dev.tollgate.operator.workflow.RoleDependentResource;
import dev.tollgate.operator.workflow.SecretDependentResource;
import dev.tollgate.operator.workflow.ServedConfigMapDependentResource;
import dev.tollgate.operator.workflow.ServiceAccountDependentResource;
import dev.tollgate.operator.workflow.ServiceDependentResource;
import dev.tollgate.operator.workflow.WriteFailure;
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
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
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
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Gateway is the primary resource of a namespace's data plane. Every other kind, the Secrets
 * and Services they name, and the status ConfigMap the pods write into are secondary resources
 * mapped to the Gateway of their namespace: any change triggers one reconcile of that namespace
 * (changes arriving during a reconcile coalesce into one more). A reconcile builds the snapshot
 * from the informer caches, compiles it once, runs the workflow of the data plane's children with
 * what it compiled, and patches the status of every resource whose status changed.
 *
 * <p>The workflow has one dependent resource per child, each watched by an informer (the Secret,
 * Service and ConfigMap ones share the reconciler's informers of those kinds), so a deleted or
 * hand-edited child is written back by the reconcile its event triggers. The ServiceAccount and Role
 * come before the RoleBinding, and the RoleBinding and both ConfigMaps before the Deployment whose
 * pods need them; the PodDisruptionBudget and the Secret exist only when wanted. A child that cannot
 * be written puts the Gateway's Programmed condition to False with the API server's answer ({@link
 * #updateErrorStatus}), and the reconcile is retried.
 */
@Workflow(
        explicitInvocation = true,
        handleExceptionsInReconciler = true,
        dependents = {
            @Dependent(name = "serviceaccount", type = ServiceAccountDependentResource.class),
            @Dependent(name = "role", type = RoleDependentResource.class),
            @Dependent(
                    name = "rolebinding",
                    type = RoleBindingDependentResource.class,
                    dependsOn = {"serviceaccount", "role"}),
            @Dependent(
                    name = "config",
                    type = ConfigMapDependentResource.class,
                    useEventSourceWithName = GatewayReconciler.CONFIG_MAPS),
            @Dependent(
                    name = "served",
                    type = ServedConfigMapDependentResource.class,
                    useEventSourceWithName = GatewayReconciler.CONFIG_MAPS),
            @Dependent(
                    name = "secret",
                    type = SecretDependentResource.class,
                    useEventSourceWithName = GatewayReconciler.SECRETS,
                    reconcilePrecondition = SecretDependentResource.Wanted.class),
            @Dependent(
                    name = "deployment",
                    type = DeploymentDependentResource.class,
                    dependsOn = {"rolebinding", "config", "served"}),
            @Dependent(
                    name = "service",
                    type = ServiceDependentResource.class,
                    useEventSourceWithName = GatewayReconciler.SERVICES),
            @Dependent(
                    name = "poddisruptionbudget",
                    type = PodDisruptionBudgetDependentResource.class,
                    reconcilePrecondition = PodDisruptionBudgetDependentResource.Wanted.class)
        })
@ControllerConfiguration(name = GatewayReconciler.NAME)
public class GatewayReconciler implements Reconciler<Gateway> {
    /** Controller name (configuration key {@code quarkus.operator-sdk.controllers.gateway.*}). */
    public static final String NAME = "gateway";

    /** Configuration key of the data plane image the Gateways' Deployments run by default. */
    public static final String DATA_PLANE_IMAGE_PROPERTY = "tollgate.dataplane.image";

    /** The informer of Secrets (inputs, and the Gateway's own Secret). */
    static final String SECRETS = "Secret";

    /** The informer of Services (inputs, and the Gateway's own Service). */
    static final String SERVICES = "Service";

    /** The informer of the operator's ConfigMaps (the config, and the one pods report into). */
    static final String CONFIG_MAPS = "ConfigMap";

    private static final Logger LOG = Logger.getLogger(GatewayReconciler.class);

    private final Compiler compiler = new Compiler();

    @Inject
    CompileCounter compiles;

    @ConfigProperty(name = DATA_PLANE_IMAGE_PROPERTY)
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
                        .withName(SERVICES)
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
        sources.add(source(context, RestApi.class));
        sources.add(source(context, Integration.class));
        sources.add(source(context, Stage.class));
        sources.add(source(context, UsagePlan.class));
        sources.add(source(context, ApiKey.class));
        sources.add(source(context, DomainName.class));
        sources.add(source(context, Secret.class, SECRETS, null));
        // Only our own ConfigMaps: the pods report the served config id in one of them.
        sources.add(source(context, ConfigMap.class, CONFIG_MAPS, DataPlaneNames.MANAGED_SELECTOR));
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
            EventSourceContext<Gateway> context, Class<R> type) {
        return source(context, type, type.getSimpleName(), null);
    }

    private static <R extends HasMetadata> InformerEventSource<R, Gateway> source(
            EventSourceContext<Gateway> context, Class<R> type, String name, String labelSelector) {
        SecondaryToPrimaryMapper<R> toGateway = r -> context.getPrimaryCache()
                .list(r.getMetadata().getNamespace())
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
        var config = InformerEventSourceConfiguration.from(type, Gateway.class)
                .withName(name)
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
            // Refused before anything is compiled or written: the workflow does not run for it.
            GatewayStatus refused = KindStatuses.GATEWAY.refused(
                    gateway.getStatus(),
                    gen(gateway),
                    Reason.CONFLICT,
                    "namespace " + namespace + " is already served by Gateway "
                            + owner.getMetadata().getName() + "; this one changes nothing",
                    now);
            patchStatus(client, gateway, gateway.getStatus(), refused);
            return UpdateControl.noUpdate();
        }

        List<ReferenceGrant> grants = grantsAdmitting(context, namespace);
        List<ApiKey> apiKeys = cached(context, ApiKey.class, namespace);
        List<Secret> secrets = new ArrayList<>(cached(context, Secret.class, namespace));
        // Generated before compiling, so this compile serves the new keys already.
        secrets.addAll(GeneratedKeySecrets.ensure(client, apiKeys, secrets));
        NamespaceSnapshot snapshot = new NamespaceSnapshot(
                namespace,
                cached(context, RestApi.class, namespace),
                cached(context, Integration.class, namespace),
                cached(context, Stage.class, namespace),
                cached(context, UsagePlan.class, namespace),
                apiKeys,
                cached(context, DomainName.class, namespace),
                List.of(gateway),
                services(context, namespace, grants),
                secrets.stream()
                        .filter(s -> !SnapshotReader.managed(s))
                        .map(SnapshotReader::secret)
                        .toList(),
                grants);
        CompileResult result = compiler.compile(snapshot);
        compiles.compiled(namespace);
        GatewayConfig config = result.config();
        String configId = config.configId();
        context.managedWorkflowAndDependentResourceContext().put(CompileResult.class, result);
        new DesiredDataPlane(
                        configId, IrJson.toJson(config), SecretParts.of(config, snapshot.secrets()), dataPlaneImage)
                .putInto(context);
        WorkflowReconcileResult written = writeChildren(context);

        DataPlane dataPlane =
                served(context, namespace, gateway, configId) ? DataPlane.SERVING_CURRENT : DataPlane.PENDING;
        statuses(client, snapshot.restApis(), KindStatuses.REST_API, result, dataPlane, configId, now);
        statuses(client, snapshot.integrations(), KindStatuses.INTEGRATION, result, dataPlane, configId, now);
        statuses(client, snapshot.stages(), KindStatuses.STAGE, result, dataPlane, configId, now);
        statuses(client, snapshot.usagePlans(), KindStatuses.USAGE_PLAN, result, dataPlane, configId, now);
        statuses(client, snapshot.apiKeys(), KindStatuses.API_KEY, result, dataPlane, configId, now);
        statuses(client, snapshot.domainNames(), KindStatuses.DOMAIN_NAME, result, dataPlane, configId, now);
        // The Gateway's own status says whether its children were written: updateErrorStatus when not.
        WriteFailure.of(written, gateway).ifPresent(failure -> {
            throw failure;
        });
        statuses(client, List.of(gateway), KindStatuses.GATEWAY, result, dataPlane, configId, now);
        return UpdateControl.noUpdate();
    }

    /** Runs the workflow of the Gateway's children; what it wrote and what it could not. */
    private static WorkflowReconcileResult writeChildren(Context<Gateway> context) {
        var workflow = context.managedWorkflowAndDependentResourceContext();
        try {
            return workflow.reconcileManagedWorkflow();
        } catch (AggregatedOperatorException e) {
            // quarkus-operator-sdk 7.7.3 drops handleExceptionsInReconciler, so the SDK throws what
            // the result (stored before the throw) holds: take the result, report it in the status.
            return workflow.getWorkflowReconcileResult().orElseThrow(() -> e);
        }
    }

    /**
     * A child of the Gateway could not be written: its Programmed condition says which and what the
     * API server answered (Accepted still says what the compile found). The SDK then retries.
     */
    @Override
    public ErrorStatusUpdateControl<Gateway> updateErrorStatus(Gateway gateway, Context<Gateway> context, Exception e) {
        if (!(e instanceof WriteFailure)) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        LOG.warnf("%s: %s", describe(gateway), e.getMessage());
        List<Finding> findings = context.managedWorkflowAndDependentResourceContext()
                .get(CompileResult.class, CompileResult.class)
                .map(result -> findings(result, HasMetadata.getKind(Gateway.class), gateway))
                .orElse(List.of());
        GatewayStatus next = KindStatuses.GATEWAY.writeFailed(
                gateway.getStatus(), gen(gateway), findings, e.getMessage(), Instant.now());
        patchStatus(context.getClient(), gateway, gateway.getStatus(), next);
        // Written above with the one status patch every kind uses; the SDK only retries.
        return ErrorStatusUpdateControl.noStatusUpdate();
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
