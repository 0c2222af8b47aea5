package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.template.InputVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The method request as {@code $input} shows it: its payload text and its parameters. */
public final class RequestInputs {
    private RequestInputs() {}

    /**
     * The request's {@code $input}, with {@code body} as its payload (already converted and
     * decoded as the route asks); repeated query parameters and headers give their last value.
     */
    public static InputVariable of(Exchange exchange, String body) {
        Map<String, String> path = new LinkedHashMap<>(exchange.pathParameters());
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : exchange.query().asMap().entrySet()) {
            query.put(e.getKey(), e.getValue().get(e.getValue().size() - 1));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : exchange.request().headers()) {
            headers.put(h.getKey(), h.getValue());
        }
        return new InputVariable(body, path, query, headers);
    }
}
