package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.ir.ParameterSource;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Reads the values a {@link ParameterSource} names: from the method request, its body, {@code
 * $context}, the stage's variables, or the backend's response. One reader for integration request
 * and response mappings and gateway response headers.
 */
public final class ParameterValues {
    private ParameterValues() {}

    /**
     * The values of the source; empty when absent. Multi-value sources give every value,
     * single-value ones the last (AWS's rule for repeated query parameters and headers).
     *
     * @param backend the backend's response, or null while mapping the request
     * @throws JsonValues.InvalidBodyException when a body JSONPath meets a body that is not JSON
     */
    public static List<String> of(ParameterSource source, Exchange exchange, BackendResponse backend) {
        if (source instanceof ParameterSource.Literal l) {
            return List.of(l.value());
        }
        if (source instanceof ParameterSource.Context c) {
            return single(exchange.value(c.variable()));
        }
        if (source instanceof ParameterSource.AuthorizerValue a) {
            return single(
                    a.name().equals("principalId")
                            ? exchange.principalId()
                            : exchange.authorizerClaims().get(a.name()));
        }
        if (source instanceof ParameterSource.StageVariable v) {
            return single(
                    exchange.stage() == null
                            ? null
                            : exchange.stage().config().variables().get(v.name()));
        }
        if (source instanceof ParameterSource.IntegrationResponseHeader h) {
            return single(backend == null ? null : backend.headers().get(h.name()));
        }
        if (source instanceof ParameterSource.IntegrationResponseBody b) {
            return backend == null ? List.of() : body(backend.body(), b.jsonPath());
        }
        if (source instanceof ParameterSource.RequestBody b) {
            return body(exchange.requestInput(), b.jsonPath());
        }
        return request((ParameterSource.Request) source, exchange);
    }

    private static List<String> body(InputVariable input, String jsonPath) {
        if (input == null) {
            return List.of();
        }
        if (jsonPath == null) {
            return single(input.rawBody());
        }
        return single(JsonValues.asText(JsonValues.read(input.document(), jsonPath)));
    }

    private static List<String> single(String v) {
        return v == null ? List.of() : List.of(v);
    }

    private static List<String> request(ParameterSource.Request r, Exchange exchange) {
        HttpHeaders headers = exchange.request().headers();
        return switch (r.location()) {
            case PATH -> {
                String v = exchange.pathParameters().get(r.name());
                yield v == null ? List.of() : List.of(v);
            }
            case QUERYSTRING -> {
                String v = exchange.query().last(r.name());
                yield v == null ? List.of() : List.of(v);
            }
            case MULTIVALUEQUERYSTRING -> exchange.query().all(r.name());
            case HEADER -> {
                List<String> all = headers.getAll(r.name());
                yield all.isEmpty() ? List.of() : List.of(all.get(all.size() - 1));
            }
            case MULTIVALUEHEADER -> headers.getAll(r.name());
        };
    }
}
