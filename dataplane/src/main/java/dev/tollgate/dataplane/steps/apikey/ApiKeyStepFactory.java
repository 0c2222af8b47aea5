package dev.tollgate.dataplane.steps.apikey;

import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.GatewayConfig;

/** The API key step of key-required methods; none for the others. */
public final class ApiKeyStepFactory implements StepFactory {
    // Runtimes are built one at a time; the table is shared by the routes of one config.
    private GatewayConfig lastConfig;
    private KeyTable lastTable;

    @Override
    public synchronized Step create(StepContext context) {
        if (!context.route().apiKeyRequired()) {
            return null;
        }
        if (lastConfig != context.config()) {
            lastConfig = context.config();
            lastTable = new KeyTable(context.config());
        }
        return new ApiKeyStep(lastTable, context.route().plans());
    }
}
