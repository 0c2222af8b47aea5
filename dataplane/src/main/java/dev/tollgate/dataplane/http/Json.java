package dev.tollgate.dataplane.http;

/** Minimal JSON string escaping for the few bodies the gateway writes itself. */
public final class Json {
    private Json() {}

    /** The text escaped for use inside a JSON string literal. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = null;
            if (c == '"') {
                rep = "\\\"";
            } else if (c == '\\') {
                rep = "\\\\";
            } else if (c < 0x20) {
                rep = String.format("\\u%04x", (int) c);
            }
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
