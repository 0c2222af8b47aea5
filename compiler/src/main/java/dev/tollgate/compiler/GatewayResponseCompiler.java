package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.GatewayResponse;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.GatewayResponseConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a RestApi's {@code gatewayResponses} and turns them into their IR. */
final class GatewayResponseCompiler {
    private static final Pattern HEADER_KEY =
            Pattern.compile("(?:gatewayresponse|method\\.response)\\.header\\.(" + Grammar.HEADER_NAME + ")");
    private static final Pattern LITERAL = Pattern.compile("'([^'\\r\\n\\x00]*)'");
    private static final Pattern CONTEXT_REF = Pattern.compile("\\$context\\.([A-Za-z0-9_.]+)");

    /** Names a body template may use besides the {@link ContextVariable}s. */
    static final Set<String> EXTRA_CONTEXT = Set.of("error.messageString");

    private final Findings findings;

    GatewayResponseCompiler(Findings findings) {
        this.findings = findings;
    }

    /** The valid responses sorted by type; invalid ones are reported and left out. */
    List<GatewayResponseConfig> compile(ResourceRef ref, List<GatewayResponse> responses) {
        SortedMap<String, GatewayResponseConfig> out = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < responses.size(); i++) {
            GatewayResponse r = responses.get(i);
            String f = "spec.gatewayResponses[" + i + "]";
            if (r == null || r.getType() == null) {
                findings.error(ref, f + ".type", Reason.INVALID_VALUE, "type is required");
                continue;
            }
            String type = r.getType().name();
            if (!seen.add(type)) {
                findings.error(ref, f + ".type", Reason.DUPLICATE, "gateway response " + type + " is already defined");
                continue;
            }
            int mark = findings.mark();
            int status = r.getStatusCode() == null ? 0 : r.getStatusCode();
            if (status != 0 && (status < 100 || status > 599)) {
                findings.error(ref, f + ".statusCode", Reason.INVALID_VALUE, "statusCode must be 100-599");
            }
            SortedMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, String> e :
                    Inputs.sorted(r.getResponseParameters()).entrySet()) {
                String hf = f + ".responseParameters[" + e.getKey() + "]";
                Matcher key = HEADER_KEY.matcher(e.getKey());
                Matcher value = LITERAL.matcher(e.getValue() == null ? "" : e.getValue());
                if (!key.matches()) {
                    findings.error(ref, hf, Reason.INVALID_VALUE, e.getKey() + " is not gatewayresponse.header.NAME");
                } else if (!value.matches()) {
                    // AWS also maps method.request.* here; only literals are supported so far.
                    findings.error(
                            ref,
                            hf,
                            Reason.NOT_SUPPORTED_YET,
                            "only 'literal' values (in single quotes, no line breaks) are supported");
                } else if (headers.put(key.group(1), value.group(1)) != null) {
                    findings.error(ref, hf, Reason.DUPLICATE, "header " + key.group(1) + " is set twice");
                }
            }
            SortedMap<String, String> templates = new TreeMap<>();
            for (Map.Entry<String, String> e :
                    Inputs.sorted(r.getResponseTemplates()).entrySet()) {
                String tf = f + ".responseTemplates[" + e.getKey() + "]";
                String template = e.getValue() == null ? "" : e.getValue();
                Matcher m = CONTEXT_REF.matcher(template);
                while (m.find()) {
                    String name = m.group(1);
                    if (ContextVariable.fromAwsName(name).isEmpty() && !EXTRA_CONTEXT.contains(name)) {
                        findings.error(
                                ref,
                                tf,
                                Reason.INVALID_VALUE,
                                "$context." + name + " is not a context variable the gateway provides");
                    }
                }
                templates.put(e.getKey(), template);
            }
            if (findings.errorsSince(mark)) {
                continue;
            }
            out.put(type, new GatewayResponseConfig(type, status, new TreeMap<>(headers), templates));
        }
        return new ArrayList<>(out.values());
    }
}
