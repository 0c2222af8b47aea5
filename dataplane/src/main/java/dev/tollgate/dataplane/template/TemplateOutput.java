package dev.tollgate.dataplane.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a render produced: the body, and the overrides the template set in {@code
 * $context.requestOverride} and {@code $context.responseOverride}.
 *
 * @param body the rendered text
 * @param requestHeaders {@code requestOverride.header.*}: backend request headers to set
 * @param requestQuery {@code requestOverride.querystring.*}: backend query string values to set
 * @param requestPath {@code requestOverride.path.*}: backend path placeholders to fill
 * @param responseStatus {@code responseOverride.status}, or 0 when unset or not a status (AWS
 *     ignores anything but an integer 100..599)
 * @param responseHeaders {@code responseOverride.header.*}: method response headers to set
 */
public record TemplateOutput(
        String body,
        Map<String, String> requestHeaders,
        Map<String, String> requestQuery,
        Map<String, String> requestPath,
        int responseStatus,
        Map<String, String> responseHeaders) {

    static TemplateOutput of(String body, Map<String, Object> context) {
        Map<String, Object> request = map(context.get("requestOverride"));
        Map<String, Object> response = map(context.get("responseOverride"));
        return new TemplateOutput(
                body,
                strings(request.get("header")),
                strings(request.get("querystring")),
                strings(request.get("path")),
                status(response.get("status")),
                strings(response.get("header")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k.toString(), v.toString());
                }
            });
        }
        return out;
    }

    private static int status(Object o) {
        int s;
        if (o instanceof Number n && n.doubleValue() == n.intValue()) {
            s = n.intValue();
        } else if (o instanceof String text && text.trim().matches("\\d{3}")) {
            s = Integer.parseInt(text.trim());
        } else {
            return 0;
        }
        return s >= 100 && s <= 599 ? s : 0;
    }
}
