package dev.tollgate.controlapi.http;

import dev.tollgate.controlapi.sigv4.SigV4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of path segments and query strings as AWS clients send them. */
final class Percent {
    private Percent() {}

    /** Decodes %XX escapes; a {@code +} stays a plus (AWS clients send spaces as %20); bad escapes stay literal. */
    static String decode(String text) {
        return SigV4.decode(text);
    }

    /** The parameters of a raw query string, decoded, values in order. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
