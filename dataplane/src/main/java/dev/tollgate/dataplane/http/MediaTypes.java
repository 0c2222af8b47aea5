package dev.tollgate.dataplane.http;

import java.util.Locale;
import java.util.Map;

/** Content negotiation for mapping templates, as AWS selects them. */
public final class MediaTypes {
    /** AWS's assumed content type when a request carries none. */
    public static final String JSON = "application/json";

    private MediaTypes() {}

    /** The media type without parameters, lower case; {@code application/json} when absent. */
    public static String essence(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return JSON;
        }
        int semi = contentType.indexOf(';');
        String type = semi < 0 ? contentType : contentType.substring(0, semi);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The key of {@code templates} for the request's {@code Accept}: the first accepted type that
     * has a template, else {@code application/json}, else the first key; null when empty.
     */
    public static String select(Map<String, String> templates, String accept) {
        if (templates.isEmpty()) {
            return null;
        }
        if (accept != null) {
            for (String part : accept.split(",")) {
                String type = essence(part);
                for (String key : templates.keySet()) {
                    if (key.equalsIgnoreCase(type)) {
                        return key;
                    }
                }
            }
        }
        if (templates.containsKey(JSON)) {
            return JSON;
        }
        return templates.keySet().iterator().next();
    }
}
