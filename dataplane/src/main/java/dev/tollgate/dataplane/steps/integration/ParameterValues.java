package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.ir.ParameterSource;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Reads the values a {@link ParameterSource} names from a request (and a backend response). */
final class ParameterValues {
    private ParameterValues() {}

    /**
     * The values of the source; empty when absent. Multi-value sources give every value,
     * single-value ones the last (AWS's rule for repeated query parameters and headers).
     *
     * @param backendHeaders the backend response's headers, or null while building the request
     */
    static List<String> of(ParameterSource source, Exchange exchange, HttpHeaders backendHeaders) {
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
        if (source instanceof ParameterSource.IntegrationResponseHeader h) {
            return single(backendHeaders == null ? null : backendHeaders.get(h.name()));
        }
        return request((ParameterSource.Request) source, exchange);
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
