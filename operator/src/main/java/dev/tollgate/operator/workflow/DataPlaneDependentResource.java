package dev.tollgate.operator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * One child object of a Gateway's data plane, as a JOSDK dependent resource: its desired state is a
 * pure builder of {@code DataPlaneResources} applied to the Gateway and what the reconcile compiled
 * ({@link DesiredDataPlane}); the actual object comes from an informer's cache (never a GET); it is
 * rewritten only when a field the operator owns differs ({@link OwnedFields}), by a plain update
 * (server-side apply stays off). The Gateway owns it through a controller owner reference.
 *
 * <p>Only objects carrying the operator's labels for this Gateway count as the child: an object of
 * the same name that someone else made is never adopted, updated or deleted (creating ours then
 * fails with a conflict, which the Gateway's status reports).
 *
 * @param <R> the child's kind
 */
public abstract class DataPlaneDependentResource<R extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, Gateway> {
    private static final Logger LOG = Logger.getLogger(DataPlaneDependentResource.class);

    private final UnaryOperator<String> childName;
    private final BiFunction<Gateway, DesiredDataPlane, R> build;

    /**
     * A dependent for one kind of child.
     *
     * @param type the child's kind
     * @param childName the child's name for the Gateway of a name
     * @param build the child's desired state (a pure function)
     */
    protected DataPlaneDependentResource(
            Class<R> type, UnaryOperator<String> childName, BiFunction<Gateway, DesiredDataPlane, R> build) {
        super(type);
        this.childName = childName;
        this.build = build;
    }

    private String childName(Gateway gateway) {
        return childName.apply(gateway.getMetadata().getName());
    }

    /** {@code Kind name}, as the Gateway's status names a child. */
    public String describe(Gateway gateway) {
        return HasMetadata.getKind(resourceType()) + " " + childName(gateway);
    }

    @Override
    protected R desired(Gateway gateway, Context<Gateway> context) {
        R desired = build.apply(gateway, DesiredDataPlane.of(context));
        ObjectMeta meta = desired.getMetadata();
        // The SDK adds its own bookkeeping to these maps: they must be there and writable.
        meta.setLabels(new HashMap<>(orEmpty(meta.getLabels())));
        meta.setAnnotations(new HashMap<>(orEmpty(meta.getAnnotations())));
        return desired;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Gateway gateway, Context<Gateway> context) {
        return new ResourceID(childName(gateway), gateway.getMetadata().getNamespace());
    }

    /** The child from the informer's cache, by name; empty when absent or not made by the operator. */
    @Override
    public Optional<R> getSecondaryResource(Gateway gateway, Context<Gateway> context) {
        ResourceID id = targetSecondaryResourceID(gateway, context);
        return eventSource().flatMap(source -> source.get(id)).filter(r -> ours(r, gateway));
    }

    private static boolean ours(HasMetadata r, Gateway gateway) {
        Map<String, String> labels = orEmpty(r.getMetadata().getLabels());
        return DataPlaneNames.MANAGED_BY.equals(labels.get(DataPlaneNames.MANAGED_BY_LABEL))
                && gateway.getMetadata().getName().equals(labels.get(DataPlaneNames.INSTANCE_LABEL));
    }

    @Override
    public Result<R> match(R actual, R desired, Gateway gateway, Context<Gateway> context) {
        KubernetesSerialization json = context.getClient().getKubernetesSerialization();
        boolean same = OwnedFields.match(
                json.convertValue(desired, JsonNode.class), json.convertValue(actual, JsonNode.class));
        return Result.computed(same, desired);
    }

    @Override
    public R create(R desired, Gateway gateway, Context<Gateway> context) {
        R created = super.create(desired, gateway, context);
        log("created", gateway, context);
        return created;
    }

    /**
     * Writes the desired object over the actual one: what the operator owns is restored, the labels and
     * annotations others added are kept, and the actual resourceVersion makes a concurrent change fail
     * with a conflict (retried) instead of being overwritten blindly.
     */
    @Override
    public R update(R actual, R desired, Gateway gateway, Context<Gateway> context) {
        ObjectMeta meta = desired.getMetadata();
        Map<String, String> labels = new HashMap<>(orEmpty(actual.getMetadata().getLabels()));
        labels.putAll(orEmpty(meta.getLabels()));
        meta.setLabels(labels);
        Map<String, String> annotations =
                new HashMap<>(orEmpty(actual.getMetadata().getAnnotations()));
        annotations.putAll(orEmpty(meta.getAnnotations()));
        meta.setAnnotations(annotations);
        meta.setResourceVersion(actual.getMetadata().getResourceVersion());
        R updated = context.resourceOperations().update(desired, eventSource().orElse(null));
        log("updated", gateway, context);
        return updated;
    }

    private void log(String what, Gateway gateway, Context<Gateway> context) {
        LOG.infof(
                "%s/Gateway/%s: %s %s (config %s)",
                gateway.getMetadata().getNamespace(),
                gateway.getMetadata().getName(),
                what,
                describe(gateway),
                DesiredDataPlane.of(context).configId());
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
