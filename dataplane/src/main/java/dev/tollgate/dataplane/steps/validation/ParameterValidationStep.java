package dev.tollgate.dataplane.steps.validation;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import java.util.List;

/** A validator that validates parameters only: reads no body. */
final class ParameterValidationStep implements Step {
    private final RequiredParameters parameters;

    ParameterValidationStep(RequiredParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public void apply(Exchange exchange) {
        if (refused(parameters, exchange)) {
            return;
        }
        exchange.proceed();
    }

    /** Answers 400 when a required parameter is missing; whether it did. */
    static boolean refused(RequiredParameters parameters, Exchange exchange) {
        List<String> missing = parameters.missing(exchange);
        if (missing.isEmpty()) {
            return false;
        }
        GatewayError error = GatewayError.missingParameters(missing);
        exchange.fail(error, error.message());
        return true;
    }
}
