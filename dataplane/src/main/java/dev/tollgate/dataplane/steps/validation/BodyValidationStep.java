package dev.tollgate.dataplane.steps.validation;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.BodyReadingStep;
import dev.tollgate.dataplane.runtime.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Map;

/**
 * A validator with a model for the body: required parameters first (AWS answers a missing
 * parameter before looking at the body), then the body against the model of its content type.
 * The content type is the request's (AWS takes {@code application/json} when none is sent); a
 * content type without a model and without a {@code $default} one is not validated, as AWS.
 */
final class BodyValidationStep implements BodyReadingStep {
    private final RequiredParameters parameters;
    private final Map<String, BodySchema> schemas;
    private final BodySchema fallback;

    BodyValidationStep(RequiredParameters parameters, Map<String, BodySchema> schemas) {
        this.parameters = parameters;
        this.schemas = Map.copyOf(schemas);
        this.fallback = schemas.get("$default");
    }

    @Override
    public void apply(Exchange exchange) {
        if (ParameterValidationStep.refused(parameters, exchange)) {
            return;
        }
        BodySchema schema = schemaFor(exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (schema != null) {
            String problems = schema.problems(exchange.body());
            if (problems != null) {
                exchange.fail(GatewayError.INVALID_REQUEST_BODY, problems);
                return;
            }
        }
        exchange.proceed();
    }

    private BodySchema schemaFor(String contentTypeHeader) {
        String contentType = contentTypeHeader == null ? MediaTypes.JSON : MediaTypes.essence(contentTypeHeader);
        for (Map.Entry<String, BodySchema> e : schemas.entrySet()) {
            if (e.getKey().equalsIgnoreCase(contentType)) {
                return e.getValue();
            }
        }
        return fallback;
    }
}
