package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.PercentCodec;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.runtime.BackendResponse;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ParameterValues;
import dev.tollgate.dataplane.template.InputVariable;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.ir.HttpApiMapping;
import dev.tollgate.ir.ParameterSource;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * An HTTP API route's parameter mappings as AWS's API Gateway v2 applies them: values are read
 * from the client's request (or the backend's answer) before any mapping changes it, then each
 * mapping appends, overwrites or removes its header or query string, or overwrites the backend path
 * or the answer's status. A mapping whose variables all have no value changes nothing, as in AWS.
 */
final class HttpApiMappings {
    private final List<HttpApiMapping> headers = new ArrayList<>();
    private final List<HttpApiMapping> query = new ArrayList<>();
    private final HttpApiMapping path;
    private final SortedMap<Integer, List<HttpApiMapping>> responses;

    HttpApiMappings(List<HttpApiMapping> request, SortedMap<Integer, List<HttpApiMapping>> responses) {
        HttpApiMapping p = null;
        for (HttpApiMapping m : request) {
            switch (m.target()) {
                case HEADER -> headers.add(m);
                case QUERYSTRING -> query.add(m);
                case PATH -> p = m;
                case STATUSCODE -> throw new IllegalArgumentException("a request has no status code");
            }
        }
        this.path = p;
        this.responses = responses;
    }

    boolean changesHeaders() {
        return !headers.isEmpty();
    }

    boolean changesQuery() {
        return !query.isEmpty();
    }

    /** The backend path {@code overwrite:path} gives (percent-encoded), or null to keep the route's. */
    String path(Exchange exchange) {
        if (path == null) {
            return null;
        }
        String value = render(path, exchange, null);
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String segment : value.split("/", -1)) {
            if (!segment.isEmpty()) {
                sb.append('/').append(PercentCodec.encodeSegment(segment));
            }
        }
        if (value.endsWith("/") && sb.length() > 0) {
            sb.append('/');
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * The query string (encoded, without {@code ?}) after the mappings: {@code base} is what the
     * backend would get without them.
     */
    String query(Exchange exchange, String base) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        try {
            QueryParams.parse(base).asMap().forEach((name, values) -> params.put(name, new ArrayList<>(values)));
        } catch (MalformedRequestException e) {
            // The gateway encoded base itself; it always parses.
            throw new IllegalStateException("unparsable backend query string " + base, e);
        }
        List<String> values = new ArrayList<>(query.size());
        for (HttpApiMapping m : query) {
            values.add(render(m, exchange, null));
        }
        for (int i = 0; i < query.size(); i++) {
            HttpApiMapping m = query.get(i);
            String v = values.get(i);
            switch (m.action()) {
                case REMOVE -> params.remove(m.name());
                case OVERWRITE -> {
                    if (v != null) {
                        params.put(m.name(), new ArrayList<>(List.of(v)));
                    }
                }
                case APPEND -> {
                    if (v != null) {
                        params.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(v);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        params.forEach((name, vs) -> vs.forEach(v -> QueryParams.appendPair(sb, name, v)));
        return sb.toString();
    }

    /**
     * The header mappings' values, read before the backend request's headers are written (a proxy
     * rewrites the client's own header map); null when a value could split the header.
     */
    String[] headerValues(Exchange exchange) {
        String[] values = new String[headers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = render(headers.get(i), exchange, null);
            if (values[i] != null && !HopByHop.safeValue(values[i])) {
                return null;
            }
        }
        return values;
    }

    /** Applies the header mappings with the values {@link #headerValues} read. */
    void applyHeaders(HttpHeaders out, String[] values) {
        for (int i = 0; i < values.length; i++) {
            edit(out, headers.get(i), values[i]);
        }
    }

    private static void edit(HttpHeaders out, HttpApiMapping m, String value) {
        switch (m.action()) {
            case REMOVE -> out.remove(m.name());
            case OVERWRITE -> {
                if (value != null) {
                    out.set(m.name(), value);
                }
            }
            case APPEND -> {
                if (value != null) {
                    String old = out.get(m.name());
                    // AWS appends to a header as one comma-separated value.
                    out.set(m.name(), old == null ? value : old + "," + value);
                }
            }
        }
    }

    /** The response mappings for the backend's status, or null when none apply. */
    List<HttpApiMapping> forStatus(int status) {
        return responses.get(status);
    }

    /** Whether the mappings for this status read the backend's body (so the answer is gathered). */
    boolean readsBody(int status) {
        List<HttpApiMapping> list = responses.get(status);
        return list != null
                && list.stream()
                        .flatMap(m -> m.value().stream())
                        .anyMatch(s -> s instanceof ParameterSource.IntegrationResponseBody);
    }

    /**
     * Applies response mappings to the answer's head, values read from the backend's own headers
     * (and body, when gathered).
     *
     * @param original the backend's headers as it sent them
     * @param body the gathered body, or null when the answer streams
     */
    static void applyResponse(
            List<HttpApiMapping> mappings, Exchange exchange, HttpResponse head, HttpHeaders original, ByteBuf body) {
        InputVariable input = new InputVariable(
                body == null ? "" : body.toString(StandardCharsets.UTF_8), Map.of(), Map.of(), Map.of());
        BackendResponse backend = new BackendResponse(original, input);
        String[] values = new String[mappings.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = render(mappings.get(i), exchange, backend);
        }
        for (int i = 0; i < values.length; i++) {
            HttpApiMapping m = mappings.get(i);
            String v = values[i];
            if (m.target() == HttpApiMapping.Target.STATUSCODE) {
                Integer status = status(v);
                if (status != null) {
                    head.setStatus(HttpResponseStatus.valueOf(status));
                }
            } else if (v == null || HopByHop.safeValue(v)) {
                edit(head.headers(), m, v);
            }
        }
    }

    private static Integer status(String v) {
        if (v == null || !v.trim().matches("\\d{3}")) {
            return null;
        }
        int status = Integer.parseInt(v.trim());
        return status >= 200 && status <= 599 ? status : null;
    }

    /** The mapping's value, or null when every variable in it has no value. */
    static String render(HttpApiMapping m, Exchange exchange, BackendResponse backend) {
        StringBuilder sb = new StringBuilder();
        boolean variables = false;
        boolean found = false;
        for (ParameterSource part : m.value()) {
            if (part instanceof ParameterSource.Literal l) {
                sb.append(l.value());
                continue;
            }
            variables = true;
            List<String> values;
            try {
                values = ParameterValues.of(part, exchange, backend);
            } catch (JsonValues.InvalidBodyException e) {
                // A JSONPath over a body that is not JSON selects nothing.
                values = List.of();
            }
            if (!values.isEmpty()) {
                found = true;
                // AWS joins a repeated header's or query string's values with commas.
                sb.append(String.join(",", values));
            }
        }
        return variables && !found ? null : sb.toString();
    }
}
