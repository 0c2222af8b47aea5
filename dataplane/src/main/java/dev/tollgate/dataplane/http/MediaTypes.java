package dev.tollgate.dataplane.http;

import java.util.List;
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

    /**
     * Whether a media type (parameters ignored) matches one of AWS's {@code binaryMediaTypes}
     * ranges: {@code type/subtype}, either part {@code *}, matched both ways so an {@code Accept}
     * of {@code image/*} meets a range {@code image/png}.
     */
    public static boolean matchesAny(String mediaType, List<String> ranges) {
        if (mediaType == null || mediaType.isBlank() || ranges.isEmpty()) {
            return false;
        }
        String type = essence(mediaType);
        int slash = type.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String major = type.substring(0, slash);
        String minor = type.substring(slash + 1);
        for (String range : ranges) {
            int s = range.indexOf('/');
            String rMajor = range.substring(0, s);
            String rMinor = range.substring(s + 1);
            if (part(major, rMajor) && part(minor, rMinor)) {
                return true;
            }
        }
        return false;
    }

    private static boolean part(String a, String b) {
        return a.equals("*") || b.equals("*") || a.equalsIgnoreCase(b);
    }

    /** The first media type of an {@code Accept} header (AWS honours only the first), or null. */
    public static String firstAccepted(String accept) {
        if (accept == null || accept.isBlank()) {
            return null;
        }
        int comma = accept.indexOf(',');
        String first = (comma < 0 ? accept : accept.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }
}
