package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Cors;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.CorsConfig;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks a RestApi's {@code cors} block and turns it into its IR. */
final class CorsCompiler {
    private static final Pattern TOKEN = Pattern.compile(Grammar.HEADER_NAME);
    private static final Pattern ORIGIN = Pattern.compile("\\*|(https?)://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final Pattern METHOD = Pattern.compile("\\*|" + Grammar.HTTP_METHOD);

    private final Findings findings;

    CorsCompiler(Findings findings) {
        this.findings = findings;
    }

    /** The API's CORS config, or null when absent or invalid (errors are reported). */
    CorsConfig compile(ResourceRef ref, Cors cors) {
        if (cors == null) {
            return null;
        }
        int mark = findings.mark();
        TreeSet<String> origins = new TreeSet<>();
        List<String> o = Inputs.orEmpty(cors.getAllowOrigins());
        for (int i = 0; i < o.size(); i++) {
            String v = o.get(i) == null ? "" : o.get(i).trim().toLowerCase(Locale.ROOT);
            if (!ORIGIN.matcher(v).matches()) {
                findings.error(
                        ref,
                        "spec.cors.allowOrigins[" + i + "]",
                        Reason.INVALID_VALUE,
                        "an origin is * or scheme://host[:port]");
            }
            origins.add(v);
        }
        TreeSet<String> methods = new TreeSet<>();
        List<String> m = Inputs.orEmpty(cors.getAllowMethods());
        for (int i = 0; i < m.size(); i++) {
            String v = m.get(i) == null ? "" : m.get(i).trim().toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(v).matches()) {
                findings.error(
                        ref, "spec.cors.allowMethods[" + i + "]", Reason.INVALID_VALUE, "not an HTTP method: " + v);
            }
            methods.add(v);
        }
        TreeSet<String> headers = tokens(ref, "spec.cors.allowHeaders", cors.getAllowHeaders(), true);
        TreeSet<String> expose = tokens(ref, "spec.cors.exposeHeaders", cors.getExposeHeaders(), false);
        boolean credentials = Boolean.TRUE.equals(cors.getAllowCredentials());
        if (credentials && origins.contains("*")) {
            // Browsers ignore a wildcard origin on credentialed requests; AWS refuses the pair too.
            findings.error(
                    ref,
                    "spec.cors.allowCredentials",
                    Reason.CONFLICT,
                    "allowCredentials cannot be used with allowOrigins *");
        }
        int maxAge = cors.getMaxAge() == null ? -1 : cors.getMaxAge();
        if (maxAge < -1 || maxAge > 86400) {
            findings.error(ref, "spec.cors.maxAge", Reason.INVALID_VALUE, "maxAge must be 0-86400");
        }
        if (origins.isEmpty()) {
            findings.warning(ref, "spec.cors.allowOrigins", Reason.NO_EFFECT, "no origin is allowed");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        return new CorsConfig(
                List.copyOf(origins),
                List.copyOf(methods),
                List.copyOf(headers),
                List.copyOf(expose),
                maxAge,
                credentials);
    }

    private TreeSet<String> tokens(ResourceRef ref, String field, List<String> in, boolean lower) {
        TreeSet<String> out = new TreeSet<>();
        List<String> list = Inputs.orEmpty(in);
        for (int i = 0; i < list.size(); i++) {
            String v = list.get(i) == null ? "" : list.get(i).trim();
            if (!v.equals("*") && !TOKEN.matcher(v).matches()) {
                findings.error(ref, field + "[" + i + "]", Reason.INVALID_VALUE, "not a header name: " + v);
            }
            out.add(lower ? v.toLowerCase(Locale.ROOT) : v);
        }
        return out;
    }
}
