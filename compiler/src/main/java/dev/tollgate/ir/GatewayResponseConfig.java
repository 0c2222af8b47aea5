package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * A customised gateway response of one API (AWS's {@code GatewayResponse}): what the gateway sends
 * instead of its default answer when it refuses a request itself.
 *
 * @param type AWS's response type, e.g. {@code UNAUTHORIZED} or {@code DEFAULT_4XX}; a specific
 *     type wins over {@code DEFAULT_4XX}/{@code DEFAULT_5XX}
 * @param statusCode the status sent, or 0 to keep the error's own status
 * @param headers literal response headers by name, sorted by name
 * @param templates VTL body templates by content type, sorted, with {@code $context} (the error's
 *     {@code $context.error.*} included), {@code $stageVariables} and {@code $util}; empty keeps
 *     the default body
 * @param parameters response headers whose values come from the request ({@code
 *     method.request.*}), a stage variable or {@code $context}, sorted by name; set after the
 *     literal ones
 */
public record GatewayResponseConfig(
        String type,
        int statusCode,
        SortedMap<String, String> headers,
        SortedMap<String, String> templates,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ParameterMapping> parameters) {
    public GatewayResponseConfig {
        Ir.require(type, "type");
        if (statusCode != 0 && (statusCode < 100 || statusCode > 599)) {
            throw new IllegalArgumentException("bad statusCode " + statusCode);
        }
        headers = Ir.sortedMap(headers);
        templates = Ir.sortedMap(templates);
        parameters = Ir.list(parameters);
    }

    /** A response with literal headers only. */
    public GatewayResponseConfig(
            String type, int statusCode, SortedMap<String, String> headers, SortedMap<String, String> templates) {
        this(type, statusCode, headers, templates, null);
    }
}
