package dev.tollgate.ir;

import java.util.SortedMap;

/**
 * A customised gateway response of one API (AWS's {@code GatewayResponse}): what the gateway sends
 * instead of its default answer when it refuses a request itself.
 *
 * @param type AWS's response type, e.g. {@code UNAUTHORIZED} or {@code DEFAULT_4XX}; a specific
 *     type wins over {@code DEFAULT_4XX}/{@code DEFAULT_5XX}
 * @param statusCode the status sent, or 0 to keep the error's own status
 * @param headers literal response headers by name, sorted by name
 * @param templates body templates by content type, sorted; {@code $context.NAME} and {@code
 *     $context.error.messageString} are substituted; empty keeps the default body
 */
public record GatewayResponseConfig(
        String type, int statusCode, SortedMap<String, String> headers, SortedMap<String, String> templates) {
    public GatewayResponseConfig {
        Ir.require(type, "type");
        if (statusCode != 0 && (statusCode < 100 || statusCode > 599)) {
            throw new IllegalArgumentException("bad statusCode " + statusCode);
        }
        headers = Ir.sortedMap(headers);
        templates = Ir.sortedMap(templates);
    }
}
