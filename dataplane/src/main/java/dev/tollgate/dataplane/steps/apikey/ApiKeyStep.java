package dev.tollgate.dataplane.steps.apikey;

import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.PlanLimitsConfig;
import java.util.List;

/**
 * Refuses a key-required method's request with 403 Forbidden unless {@code x-api-key} holds an
 * enabled key that is in a usage plan covering this stage, as AWS does; records the key and the
 * plan that meters it.
 */
final class ApiKeyStep implements Step {
    static final String HEADER = "x-api-key";

    private final KeyTable keys;
    private final List<PlanLimitsConfig> plans;

    ApiKeyStep(KeyTable keys, List<PlanLimitsConfig> plans) {
        this.keys = keys;
        this.plans = plans;
    }

    @Override
    public void apply(Exchange exchange) {
        String presented = exchange.request().headers().get(HEADER);
        ApiKeyConfig key = presented == null || presented.isEmpty() ? null : keys.find(presented);
        if (key == null || !key.enabled()) {
            exchange.fail(LimitErrors.INVALID_API_KEY);
            return;
        }
        // Plans are sorted by name; the first that holds the key meters it (the compiler warns on overlaps).
        for (PlanLimitsConfig plan : plans) {
            if (key.plans().contains(plan.plan())) {
                exchange.apiKey(key, plan);
                exchange.proceed();
                return;
            }
        }
        exchange.fail(LimitErrors.INVALID_API_KEY);
    }
}
