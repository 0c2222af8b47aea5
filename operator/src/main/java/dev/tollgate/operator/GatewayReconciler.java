package dev.tollgate.operator;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.LastSeenDeployments;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.Severity;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewayStatus;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.operator.apikeys.GeneratedKeySecrets;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import dev.tollgate.operator.dependents.SecretParts;
import dev.tollgate.operator.status.KindStatuses;
import dev.tollgate.operator.status.StageDeployments;
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
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Gateway is the primary resource of a namespace's data plane. Every other kind, the Secrets
 * and Services they name, and the status ConfigMap the pods write into are secondary resources
 * mapped to the Gateway of their namespace: any change triggers one reconcile of that namespace
 * (changes arriving during a reconcile coalesce into one more). A reconcile builds the snapshot
 * from the informer caches, compiles it once, runs the workflow of the data plane's children with
 * what it compiled, and patches the status of every resource whose status changed. ApiDeployments
 * are only read (the deploy command or GitOps writes them); the last copy of each one a Stage
 * names is kept ({@link LastSeenDeployments}), so deleting one a stage still pins keeps it serving,
 * with a warning on the Stage, until the stage is pinned elsewhere (the copies live as long as the
 * operator process).
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

    /** Configuration key: whether a Gateway's {@code spec.image} is run (default: no, it is ignored). */
    public static final String IMAGE_OVERRIDES_PROPERTY = "tollgate.dataplane.allow-image-override";

    /** Configuration key of the audience callers' tokens must be issued for on AWS_IAM routes. */
    public static final String TOKEN_AUDIENCE_PROPERTY = "tollgate.dataplane.token-audience";

    /**
     * The namespace the Secret informer watches while no Gateway exists (an informer needs one): no
     * Gateway can be served from it, so nothing there is ever read.
     */
    static final String NO_GATEWAY_NAMESPACE = "tollgate-no-gateway";

    /** The informer of the operator's ClusterRoleBindings (data planes' token reviews). */
    static final String CLUSTER_ROLE_BINDINGS = "ClusterRoleBinding";

    /** The informer of Services (inputs, and the Gateway's own Service). */
    static final String SERVICES = "Service";

    /** The informer of the operator's ConfigMaps (the config, and the one pods report into). */
    static final String CONFIG_MAPS = "ConfigMap";

    private static final Logger LOG = Logger.getLogger(GatewayReconciler.class);

    private final Compiler compiler = new Compiler();
    private final LastSeenDeployments lastSeen = new LastSeenDeployments();

    @Inject
    CompileCounter compiles;

    @ConfigProperty(name = DATA_PLANE_IMAGE_PROPERTY)
    String dataPlaneImage;

    @ConfigProperty(name = IMAGE_OVERRIDES_PROPERTY, defaultValue = "false")
    boolean imageOverridesAllowed;

    @ConfigProperty(name = TOKEN_AUDIENCE_PROPERTY, defaultValue = "tollgate.dev/gateway")
    String tokenAudience;

    /** The Secret informer, narrowed to the namespaces that have a Gateway ({@link #followGateways}). */
    private volatile InformerEventSource<Secret, Gateway> secrets;

    /** The namespaces the Secret informer watches now. */
    private Set<String> secretNamespaces = Set.of(NO_GATEWAY_NAMESPACE);

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
        sources.add(source(context, ApiDeployment.class));
        // Secrets: only in namespaces that have a Gateway (users' Secrets carry no label of ours, so a
        // label selector cannot tell; the namespace can). Starts on a namespace with no Gateway and
        // follows the Gateways from the first reconcile on ({@link #followGateways}).
        secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, Gateway.class)
                        .withName(SECRETS)
                        .withSecondaryToPrimaryMapper(s -> context.getPrimaryCache()
                                .list(s.getMetadata().getNamespace())
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .withNamespaces(Set.of(NO_GATEWAY_NAMESPACE))
                        .withFollowControllerNamespacesChanges(true)
                        .build(),
                context);
        sources.add(secrets);
        // The data planes' review bindings are cluster scoped: labels name their Gateway.
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterRoleBinding.class, Gateway.class)
                        .withName(CLUSTER_ROLE_BINDINGS)
                        .withLabelSelector(DataPlaneNames.MANAGED_SELECTOR)
                        .withSecondaryToPrimaryMapper(
                                b -> bindingOwner(b).map(Set::of).orElse(Set.of()))
                        .withWatchAllNamespaces()
                        .build(),
                context));
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

    /** The Gateway a review binding belongs to, from its labels. */
    static Optional<ResourceID> bindingOwner(HasMetadata binding) {
        Map<String, String> labels = binding.getMetadata().getLabels();
        if (labels == null
                || labels.get(DataPlaneNames.NAMESPACE_LABEL) == null
                || labels.get(DataPlaneNames.INSTANCE_LABEL) == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ResourceID(labels.get(DataPlaneNames.INSTANCE_LABEL), labels.get(DataPlaneNames.NAMESPACE_LABEL)));
    }

    /**
     * Points the Secret informer at the namespaces that have a Gateway (and at no other): Secrets of
     * other namespaces are never listed, watched or held. A namespace whose Gateway went away is
     * dropped at the next reconcile of any Gateway.
     */
    private void followGateways(Context<Gateway> context) {
        Set<String> wanted = context.getPrimaryCache()
                .list()
                .map(g -> g.getMetadata().getNamespace())
                .collect(Collectors.toCollection(TreeSet::new));
        if (wanted.isEmpty()) {
            wanted.add(NO_GATEWAY_NAMESPACE);
        }
        synchronized (this) {
            if (!wanted.equals(secretNamespaces)) {
                // Starts (and syncs) an informer per new namespace before the snapshot reads it.
                secrets.changeNamespaces(wanted);
                secretNamespaces = Set.copyOf(wanted);
                LOG.infof("watching Secrets in namespaces %s", wanted);
            }
        }
    }

    /** The Secret of a namespace, as the operator's cache holds it (empty when it is not watched). */
    Optional<Secret> cachedSecret(String namespace, String name) {
        return secrets == null ? Optional.empty() : secrets.get(new ResourceID(name, namespace));
    }

    /**
     * Keeps the Gateway's review binding as its config needs it: there (and as desired) when a route
     * is AWS_IAM, absent when none is. Bindings whose Gateway no longer exists (a cluster-scoped object
     * cannot be owned by a Gateway, so nothing collects them) are deleted on the way.
     */
    @SuppressWarnings("unchecked")
    private void reviewsBinding(Context<Gateway> context, Gateway gateway, boolean wanted) {
        var source = (InformerEventSource<ClusterRoleBinding, Gateway>)
                context.eventSourceRetriever().getEventSourceFor(ClusterRoleBinding.class, CLUSTER_ROLE_BINDINGS);
        KubernetesClient client = context.getClient();
        ClusterRoleBinding desired = DataPlaneResources.reviewsBinding(gateway);
        Optional<ClusterRoleBinding> actual =
                source.get(new ResourceID(desired.getMetadata().getName()));
        if (!wanted) {
            actual.ifPresent(b -> deleteBinding(client, b, "no AWS_IAM route"));
        } else if (actual.isEmpty()) {
            createBinding(client, desired);
            LOG.infof(
                    "%s: created ClusterRoleBinding %s",
                    describe(gateway), desired.getMetadata().getName());
        } else if (!actual.get().getRoleRef().equals(desired.getRoleRef())) {
            // roleRef is immutable: replaced, not updated.
            deleteBinding(client, actual.get(), "roleRef edited");
            createBinding(client, desired);
        } else if (!Objects.equals(actual.get().getSubjects(), desired.getSubjects())
                || !actual.get()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(desired.getMetadata().getLabels().entrySet())) {
            desired.getMetadata().setResourceVersion(actual.get().getMetadata().getResourceVersion());
            client.resource(desired).update();
            LOG.infof(
                    "%s: updated ClusterRoleBinding %s",
                    describe(gateway), desired.getMetadata().getName());
        }
        source.list(b -> bindingOwner(b)
                        .map(id -> context.getPrimaryCache().get(id).isEmpty())
                        .orElse(false))
                .forEach(b -> deleteBinding(client, b, "its Gateway is gone"));
    }

    private static void createBinding(KubernetesClient client, ClusterRoleBinding desired) {
        try {
            client.resource(desired).create();
        } catch (KubernetesClientException e) {
            // Made by a reconcile whose write the informer has not shown yet: its event brings the
            // binding into the cache and this Gateway back, which then compares it as usual.
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static void deleteBinding(KubernetesClient client, ClusterRoleBinding binding, String why) {
        client.resource(binding).delete();
        LOG.infof("deleted ClusterRoleBinding %s (%s)", binding.getMetadata().getName(), why);
    }

    /** Whether any route of the config authorizes callers with Kubernetes identity (AWS_IAM). */
    static boolean usesKubernetesIdentity(GatewayConfig config) {
        return config.apis().stream()
                .flatMap(a -> a.stages().stream())
                .flatMap(s -> Stream.concat(
                        s.routes().stream(), s.defaultRoute() == null ? Stream.empty() : Stream.of(s.defaultRoute())))
                .anyMatch(r -> r.authorization() != null
                        && r.authorization().authorizer() instanceof KubernetesAuthorizerConfig);
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

        followGateways(context);
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
                grants,
                cached(context, ApiDeployment.class, namespace),
                List.of());
        // A deployment deleted while a Stage pins it keeps serving its last copy, with a warning.
        snapshot = lastSeen.apply(snapshot);
        CompileResult result = withImageFinding(compiler.compile(snapshot), gateway);
        compiles.compiled(namespace);
        GatewayConfig config = result.config();
        String configId = config.configId();
        context.managedWorkflowAndDependentResourceContext().put(CompileResult.class, result);
        new DesiredDataPlane(
                        configId,
                        IrJson.toJson(config),
                        SecretParts.of(config, snapshot.secrets()),
                        DataPlaneResources.image(gateway, dataPlaneImage, imageOverridesAllowed),
                        tokenAudience)
                .putInto(context);
        WorkflowReconcileResult written = writeChildren(context);
        reviewsBinding(context, gateway, usesKubernetesIdentity(config));

        DataPlane dataPlane =
                served(context, namespace, gateway, configId) ? DataPlane.SERVING_CURRENT : DataPlane.PENDING;
        // A RestApi with errors in some methods (or models) is served without them: its status says so.
        Set<String> servedApis = config.apis().stream().map(a -> a.name()).collect(Collectors.toSet());
        statuses(
                client,
                snapshot.restApis(),
                KindStatuses.REST_API,
                result,
                dataPlane,
                configId,
                now,
                r -> servedApis.contains(r.getMetadata().getName()));
        statuses(
                client,
                snapshot.integrations(),
                KindStatuses.INTEGRATION,
                result,
                dataPlane,
                configId,
                now,
                r -> false);
        stageStatuses(client, snapshot.stages(), config, result, dataPlane, now);
        statuses(client, snapshot.usagePlans(), KindStatuses.USAGE_PLAN, result, dataPlane, configId, now, r -> false);
        statuses(client, snapshot.apiKeys(), KindStatuses.API_KEY, result, dataPlane, configId, now, r -> false);
        statuses(
                client, snapshot.domainNames(), KindStatuses.DOMAIN_NAME, result, dataPlane, configId, now, r -> false);
        statuses(
                client,
                snapshot.apiDeployments(),
                KindStatuses.API_DEPLOYMENT,
                result,
                dataPlane,
                configId,
                now,
                r -> false);
        // The Gateway's own status says whether its children were written: updateErrorStatus when not.
        WriteFailure.of(written, gateway).ifPresent(failure -> {
            throw failure;
        });
        String redisProblem = redisProblem(context, namespace, gateway);
        if (redisProblem == null) {
            statuses(client, List.of(gateway), KindStatuses.GATEWAY, result, dataPlane, configId, now, r -> false);
        } else {
            // A Redis refusing the data plane is a configuration error the pods report: not programmed.
            GatewayStatus next = KindStatuses.GATEWAY.dataPlaneFailed(
                    gateway.getStatus(),
                    gen(gateway),
                    findings(result, HasMetadata.getKind(Gateway.class), gateway),
                    StatusAggregator.REASON_REDIS_REFUSED,
                    redisProblem,
                    now);
            patchStatus(client, gateway, gateway.getStatus(), next);
        }
        return UpdateControl.noUpdate();
    }

    /**
     * What the data plane pods report about a Redis that refuses them ({@code
     * <pod>.redis-problem} keys of the status ConfigMap), one line per distinct problem, or null.
     */
    private static String redisProblem(Context<Gateway> context, String namespace, Gateway gateway) {
        String name = DataPlaneNames.statusConfigMap(gateway.getMetadata().getName());
        TreeSet<String> problems = new TreeSet<>();
        cached(context, ConfigMap.class, namespace).stream()
                .filter(cm -> name.equals(cm.getMetadata().getName()) && cm.getData() != null)
                .flatMap(cm -> cm.getData().entrySet().stream())
                .filter(e -> e.getKey().endsWith(DataPlaneNames.REDIS_PROBLEM_SUFFIX) && e.getValue() != null)
                .forEach(e -> problems.add(e.getValue()));
        return problems.isEmpty() ? null : "data plane pods report: " + String.join("; ", problems);
    }

    /** The compile result, plus a warning on the Gateway when its {@code spec.image} is not run. */
    private CompileResult withImageFinding(CompileResult result, Gateway gateway) {
        if (!DataPlaneResources.imageIgnored(gateway, imageOverridesAllowed)) {
            return result;
        }
        List<Finding> findings = new ArrayList<>(result.findings());
        findings.add(new Finding(
                Severity.WARNING,
                new ResourceRef(
                        HasMetadata.getKind(Gateway.class),
                        gateway.getMetadata().getNamespace(),
                        gateway.getMetadata().getName()),
                "spec.image",
                Reason.NO_EFFECT,
                "ignored: the operator runs " + dataPlaneImage + " (image overrides are off; see "
                        + IMAGE_OVERRIDES_PROPERTY + ")"));
        return new CompileResult(result.config(), findings);
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
            Instant now,
            Predicate<R> partlyServed) {
        for (R r : resources) {
            S next = aggregator.aggregate(
                    r.getStatus(),
                    gen(r),
                    findings(result, HasMetadata.getKind(r.getClass()), r),
                    dataPlane,
                    configId,
                    now,
                    partlyServed.test(r),
                    fields -> {});
            patchStatus(client, r, r.getStatus(), next);
        }
    }

    /** As {@link #statuses}, for Stages: with the deployment each serves, served before, and its canary's. */
    private static void stageStatuses(
            KubernetesClient client,
            List<Stage> stages,
            GatewayConfig config,
            CompileResult result,
            DataPlane dataPlane,
            Instant now) {
        for (Stage stage : stages) {
            StageConfig served = served(config, stage);
            StageStatus next = KindStatuses.STAGE.aggregate(
                    stage.getStatus(),
                    gen(stage),
                    findings(result, HasMetadata.getKind(Stage.class), stage),
                    dataPlane,
                    config.configId(),
                    now,
                    false,
                    StageDeployments.fields(stage.getStatus(), served));
            patchStatus(client, stage, stage.getStatus(), next);
        }
    }

    /** What the config serves for a Stage, or null when it is left out. */
    private static StageConfig served(GatewayConfig config, Stage stage) {
        if (stage.getSpec() == null) {
            return null;
        }
        String name = DeploymentHistory.stageName(stage);
        return config.apis().stream()
                .filter(a -> a.name().equals(stage.getSpec().getRestApiRef()))
                .flatMap(a -> a.stages().stream())
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
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
