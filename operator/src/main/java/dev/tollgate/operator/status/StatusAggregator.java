package dev.tollgate.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.Reason;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns what the operator learned about one resource into its status: observedGeneration, Accepted
 * (from the compile findings, naming the field at fault) and Programmed (whether the data plane
 * serves a config holding it). Pure: the clock is a parameter, transition times are carried forward
 * while a condition's status does not change, and {@link #changed} tells whether a patch is needed.
 * Every status the operator writes is built here.
 *
 * <p>Reasons are one CamelCase vocabulary, as Kubernetes conventions want: a compiler finding's
 * reason is spelled by {@link Reason#camelCase()} (as local mode spells it), in conditions and in
 * Events alike; the reasons that come from the operator alone are the {@code REASON_*} constants.
 *
 * @param <S> the kind's status type
 */
public final class StatusAggregator<S extends ResourceStatus> {
    /** Reason when a resource compiled with no error. */
    public static final String REASON_ACCEPTED = "Accepted";

    /** Reason when the data plane serves the config holding the resource. */
    public static final String REASON_PROGRAMMED = "Programmed";

    /** Reason while the data plane has not yet reported serving the current config. */
    public static final String REASON_PENDING = "Pending";

    /** Reason when the resource is left out of the config because of its errors. */
    public static final String REASON_INVALID = "Invalid";

    /** Reason when no Gateway serves this namespace. */
    public static final String REASON_NO_GATEWAY = "NoGateway";

    /** Reason when a second Gateway in a namespace is refused: the compiler's {@link Reason#CONFLICT}. */
    public static final String REASON_CONFLICT = Reason.CONFLICT.camelCase();

    /** Reason when the operator could not write one of the Gateway's data plane objects. */
    public static final String REASON_WRITE_FAILED = "WriteFailed";

    /**
     * Reason when a data plane pod reports that its Redis refuses it (credentials, permissions,
     * certificates, a missing Secret value): the pod is not ready until that is fixed.
     */
    public static final String REASON_REDIS_REFUSED = "RedisRefused";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<S> newStatus;
    private final BiConsumer<S, S> carry;

    /** An aggregator making statuses with that constructor. */
    public StatusAggregator(Supplier<S> newStatus) {
        this(newStatus, (old, next) -> {});
    }

    /**
     * An aggregator making statuses with that constructor and carrying {@code carry(old, next)} the
     * fields of the old status that another writer owns (a UsagePlan's usage) into each new one.
     */
    public StatusAggregator(Supplier<S> newStatus, BiConsumer<S, S> carry) {
        this.newStatus = Objects.requireNonNull(newStatus);
        this.carry = Objects.requireNonNull(carry);
    }

    /** What is known about the data plane of the namespace. */
    public enum DataPlane {
        /** The data plane serves the config compiled now. */
        SERVING_CURRENT,
        /** A data plane exists but has not reported serving the current config yet. */
        PENDING,
        /** No (accepted) Gateway in the namespace. */
        NO_GATEWAY
    }

    /**
     * The new status.
     *
     * @param old the current status, or null
     * @param generation the resource's metadata.generation
     * @param findings the compile findings about this resource
     * @param dataPlane what the data plane serves
     * @param configId the config id compiled now (named in messages)
     * @param now the transition time for conditions that change
     */
    public S aggregate(
            S old, Long generation, List<Finding> findings, DataPlane dataPlane, String configId, Instant now) {
        return aggregate(old, generation, findings, dataPlane, configId, now, false, next -> {});
    }

    /**
     * The new status of a resource that may be served without its parts that have errors (a RestApi
     * whose methods with errors are left out): Accepted names the errors, and Programmed says what
     * the data plane serves of it; the kind's own fields (a Stage's deployments) are set by {@code
     * fields} on the new status.
     *
     * @param partlyServed whether the config holds the resource although it has errors
     * @param fields sets the kind's own fields on the new status
     */
    public S aggregate(
            S old,
            Long generation,
            List<Finding> findings,
            DataPlane dataPlane,
            String configId,
            Instant now,
            boolean partlyServed,
            Consumer<S> fields) {
        S next = conditions(old, generation, findings, dataPlane, configId, now, partlyServed);
        fields.accept(next);
        return next;
    }

    private S conditions(
            S old,
            Long generation,
            List<Finding> findings,
            DataPlane dataPlane,
            String configId,
            Instant now,
            boolean partlyServed) {
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        Condition accepted = accepted(findings, generation);
        Condition programmed;
        if (!errors.isEmpty() && !partlyServed) {
            programmed = condition(
                    Crds.CONDITION_PROGRAMMED,
                    "False",
                    REASON_INVALID,
                    "left out of the served config because of its errors",
                    generation);
        } else {
            String part = errors.isEmpty() ? "" : " without the parts with errors";
            programmed = switch (dataPlane) {
                case SERVING_CURRENT ->
                    condition(
                            Crds.CONDITION_PROGRAMMED,
                            "True",
                            REASON_PROGRAMMED,
                            "served in config " + configId + part,
                            generation);
                case PENDING ->
                    condition(
                            Crds.CONDITION_PROGRAMMED,
                            "False",
                            REASON_PENDING,
                            "waiting for the data plane to serve config " + configId
                                    + (part.isEmpty() ? "" : " (" + part.strip() + ")"),
                            generation);
                case NO_GATEWAY ->
                    condition(
                            Crds.CONDITION_PROGRAMMED,
                            "False",
                            REASON_NO_GATEWAY,
                            "no Gateway in this namespace serves it; create one",
                            generation);
            };
        }
        return build(old, generation, List.of(accepted, programmed), now);
    }

    /**
     * The status of a resource that is refused as a whole, e.g. a second Gateway in a namespace
     * ({@link Reason#CONFLICT}): Accepted=False with the reason and message, and nothing else.
     */
    public S refused(S old, Long generation, Reason reason, String message, Instant now) {
        return build(
                old,
                generation,
                List.of(condition(Crds.CONDITION_ACCEPTED, "False", reason.camelCase(), message, generation)),
                now);
    }

    /**
     * The status of a resource whose namespace has no Gateway: nothing compiles it, so Accepted is
     * Unknown and Programmed is False, both with {@link #REASON_NO_GATEWAY}.
     */
    public S noGateway(S old, Long generation, String message, Instant now) {
        return build(
                old,
                generation,
                List.of(
                        condition(Crds.CONDITION_ACCEPTED, "Unknown", REASON_NO_GATEWAY, message, generation),
                        condition(Crds.CONDITION_PROGRAMMED, "False", REASON_NO_GATEWAY, message, generation)),
                now);
    }

    /**
     * The status of a Gateway whose data plane objects could not all be written: Accepted from its
     * findings, Programmed=False with {@link #REASON_WRITE_FAILED} and the API server's answer.
     */
    public S writeFailed(S old, Long generation, List<Finding> findings, String message, Instant now) {
        return dataPlaneFailed(old, generation, findings, REASON_WRITE_FAILED, message, now);
    }

    /**
     * The status of a resource whose data plane cannot serve it as configured: Accepted from its
     * findings, Programmed=False with {@code reason} and {@code message} (e.g. {@link
     * #REASON_REDIS_REFUSED} with what the pods reported).
     */
    public S dataPlaneFailed(
            S old, Long generation, List<Finding> findings, String reason, String message, Instant now) {
        return build(
                old,
                generation,
                List.of(
                        accepted(findings, generation),
                        condition(Crds.CONDITION_PROGRAMMED, "False", reason, cap(message), generation)),
                now);
    }

    private static Condition accepted(List<Finding> findings, Long generation) {
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            return condition(
                    Crds.CONDITION_ACCEPTED, "False", errors.get(0).reason().camelCase(), describe(errors), generation);
        }
        List<Finding> warnings = findings.stream().filter(f -> !f.isError()).toList();
        return condition(
                Crds.CONDITION_ACCEPTED,
                "True",
                REASON_ACCEPTED,
                warnings.isEmpty() ? "compiled with no findings" : "compiled with warnings: " + describe(warnings),
                generation);
    }

    /** A status with exactly these conditions, transition times carried forward from {@code old}. */
    public S build(S old, Long generation, List<Condition> conditions, Instant now) {
        List<Condition> out = new ArrayList<>();
        for (Condition c : conditions) {
            Condition previous = find(old, c.getType());
            String time = previous != null
                            && Objects.equals(previous.getStatus(), c.getStatus())
                            && previous.getLastTransitionTime() != null
                    ? previous.getLastTransitionTime()
                    : now.toString();
            c.setLastTransitionTime(time);
            out.add(c);
        }
        out.sort(Comparator.comparing(Condition::getType));
        S status = newStatus.get();
        status.setObservedGeneration(generation);
        status.setConditions(out);
        if (old != null) {
            carry.accept(old, status);
        }
        return status;
    }

    /** Whether {@code next} differs from {@code old} in anything a patch would change. */
    public static boolean changed(ResourceStatus old, ResourceStatus next) {
        if (old == null) {
            return true;
        }
        if (!Objects.equals(old.getObservedGeneration(), next.getObservedGeneration())) {
            return true;
        }
        if (!Objects.equals(ownFields(old), ownFields(next))) {
            return true;
        }
        List<Condition> a = old.getConditions() == null ? List.of() : old.getConditions();
        List<Condition> b = next.getConditions() == null ? List.of() : next.getConditions();
        if (a.size() != b.size()) {
            return true;
        }
        for (Condition n : b) {
            Condition o = find(old, n.getType());
            if (o == null
                    || !Objects.equals(o.getStatus(), n.getStatus())
                    || !Objects.equals(o.getReason(), n.getReason())
                    || !Objects.equals(o.getMessage(), n.getMessage())
                    || !Objects.equals(o.getObservedGeneration(), n.getObservedGeneration())
                    || !Objects.equals(o.getLastTransitionTime(), n.getLastTransitionTime())) {
                return true;
            }
        }
        return false;
    }

    // A kind's own status fields (beside conditions and observedGeneration), as JSON.
    private static JsonNode ownFields(ResourceStatus status) {
        ObjectNode tree = JSON.valueToTree(status);
        tree.remove("conditions");
        tree.remove("observedGeneration");
        return tree;
    }

    /** The condition of that type in a status, or null. */
    public static Condition find(ResourceStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    private static Condition condition(String type, String status, String reason, String message, Long generation) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .build();
    }

    private static String describe(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            if (out.length() > 0) {
                out.append("; ");
            }
            if (!f.field().isEmpty()) {
                out.append(f.field()).append(": ");
            }
            out.append(f.message());
        }
        return cap(out.toString());
    }

    private static String cap(String message) {
        // Condition messages are capped by the API server at 32 KiB.
        return message.length() > 4000 ? message.substring(0, 4000) + "…" : message;
    }
}
