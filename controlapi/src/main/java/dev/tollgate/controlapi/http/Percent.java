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
        for (String[] p : SigV4.queryParameters(rawQuery)) {
            out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
        }
        return out;
    }
}
