package dev.tollgate.dataplane.template;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** AWS's {@code $util}: escaping, JSON parsing, URL and base64 coding; UTF-8 throughout. */
public final class UtilVariable {
    /** One per engine: it holds no state. */
    static final UtilVariable INSTANCE = new UtilVariable();

    private UtilVariable() {}

    /**
     * {@code $util.escapeJavaScript(s)}: the text with JavaScript string escapes, as AWS's (Apache
     * Commons Lang's) escaper writes them: {@code \'}, {@code \"}, {@code \\}, {@code \/}, {@code
     * \b \t \n \f \r}, other control characters and every non-ASCII character as {@code \}{@code
     * uXXXX}.
     */
    public String escapeJavaScript(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code $util.parseJson(s)}: the JSON text as an object the template can walk. */
    public Object parseJson(String json) {
        return json == null ? null : JsonValues.parse(json);
    }

    /** {@code $util.urlEncode(s)}: {@code application/x-www-form-urlencoded}, spaces as {@code +}. */
    public String urlEncode(String value) {
        return value == null ? null : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code $util.urlDecode(s)}: decodes {@code application/x-www-form-urlencoded} text. */
    public String urlDecode(String value) {
        return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** {@code $util.base64Encode(s)}: the text's UTF-8 bytes in base64. */
    public String base64Encode(String value) {
        return value == null ? null : Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code $util.base64Decode(s)}: base64 (standard or URL-safe alphabet) decoded as UTF-8 text. */
    public String base64Decode(String value) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        byte[] bytes = s.indexOf('-') >= 0 || s.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(s)
                : Base64.getMimeDecoder().decode(s);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "$util";
    }
}
