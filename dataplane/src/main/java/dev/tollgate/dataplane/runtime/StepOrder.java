package dev.tollgate.dataplane.runtime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a route's steps, written once. Each slot's position has a reason; a feature plugs
 * its {@link StepFactory} into its slot and routes that do not need it get no step at all.
 *
 * <p>CORS is not a slot: AWS answers a preflight for an API with CORS settings whatever its routes
 * are, so {@link Runtime#dispatch} answers it before routing (and before any credential is asked
 * for), and {@link Exchange#respond} adds the CORS headers to every response, errors included.
 */
public final class StepOrder {

    /** The slots, first to last. */
    public enum Slot {
        /**
         * Before authorizers: a caller the API's resource policy denies (by address) costs no token
         * check or authorizer call, and its answer does not reveal whether its credentials are good.
         */
        RESOURCE_POLICY,
        /**
         * Before the key check, as AWS orders them: with {@code apiKeySource: AUTHORIZER} the key
         * comes from the authorizer's answer, and an unauthenticated caller never reaches limits.
         */
        AUTHORIZER,
        /** Before limits: usage plans and their throttles are chosen by the API key. */
        API_KEY,
        /** Per-key throttle and quota, once the key is known and the caller is authorized. */
        USAGE_PLAN,
        /** Stage and method throttles protect the backend from everyone together. */
        STAGE_THROTTLE,
        /** Reject malformed requests before they cost a cache lookup or a backend call. */
        VALIDATION,
        /** A hit answers without the mapping or the backend. */
        CACHE,
        /** Build the backend request only when it will be sent. */
        REQUEST_MAPPING,
        /** Last: calls the backend (or answers a MOCK) and maps its response. */
        INTEGRATION
    }

    private final Map<Slot, StepFactory> factories = new EnumMap<>(Slot.class);
    private boolean readEveryBody;

    /** Registers the factory of a slot. */
    public StepOrder with(Slot slot, StepFactory factory) {
        factories.put(slot, factory);
        return this;
    }

    /**
     * Makes every route read its request body whole before its first step, as a route with a {@link
     * BodyReadingStep} does: for measuring the streaming path against the aggregated one, and for
     * tests of aggregation.
     */
    public StepOrder readingEveryBody(boolean on) {
        this.readEveryBody = on;
        return this;
    }

    /** The route's chain: the steps its features need, in slot order. */
    public StepChain chain(StepContext context) {
        List<Step> steps = new ArrayList<>();
        if (readEveryBody) {
            steps.add(new ReadWholeBody());
        }
        for (Slot slot : Slot.values()) {
            StepFactory factory = factories.get(slot);
            if (factory != null) {
                Step step = factory.create(context);
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        return new StepChain(steps);
    }

    /** Reads the body whole (the chain aggregates it before this step) and goes on. */
    private static final class ReadWholeBody implements BodyReadingStep {
        @Override
        public void apply(Exchange exchange) {
            exchange.proceed();
        }
    }
}
