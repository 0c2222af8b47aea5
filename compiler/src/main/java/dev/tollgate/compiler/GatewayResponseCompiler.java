package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.GatewayResponse;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a RestApi's {@code gatewayResponses} and turns them into their IR: literal headers, headers
 * mapped from the request, stage variables or {@code $context}, and VTL body templates.
 */
final class GatewayResponseCompiler {
    private static final Pattern HEADER_KEY =
            Pattern.compile("(?:gatewayresponse|method\\.response)\\.header\\.(" + Grammar.HEADER_NAME + ")");
    private static final Pattern LITERAL = Pattern.compile("'([^'\\r\\n\\x00]*)'");

    private final Findings findings;
    private final TemplateCompiler templateCompiler;

    GatewayResponseCompiler(Findings findings) {
        this.findings = findings;
        this.templateCompiler = new TemplateCompiler(findings);
    }

    /**
     * A non-literal value AWS allows in a gateway response header: a method request value, a stage
     * variable (read from the stage served) or a {@code $context} variable; null for anything else.
     */
    private static ParameterSource source(String value) {
        if (!value.startsWith("method.request.")
                && !value.startsWith("stageVariables.")
                && !value.startsWith("context.")) {
            return null;
        }
        Syntax.Result<Syntax.Source> parsed = Syntax.requestSource(value);
        if (!parsed.isOk() || parsed.value().fixed() instanceof ParameterSource.RequestBody) {
            return null;
        }
        return parsed.value().stageVariable() != null
                ? new ParameterSource.StageVariable(parsed.value().stageVariable())
                : parsed.value().fixed();
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
            SortedMap<String, ParameterMapping> mapped = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, String> e :
                    Inputs.sorted(r.getResponseParameters()).entrySet()) {
                String hf = f + ".responseParameters[" + e.getKey() + "]";
                Matcher key = HEADER_KEY.matcher(e.getKey());
                String text = e.getValue() == null ? "" : e.getValue();
                Matcher value = LITERAL.matcher(text);
                if (!key.matches()) {
                    findings.error(ref, hf, Reason.INVALID_VALUE, e.getKey() + " is not gatewayresponse.header.NAME");
                    continue;
                }
                String name = key.group(1);
                if (headers.containsKey(name) || mapped.containsKey(name)) {
                    findings.error(ref, hf, Reason.DUPLICATE, "header " + name + " is set twice");
                } else if (value.matches()) {
                    headers.put(name, value.group(1));
                } else {
                    ParameterSource source = source(text);
                    if (source == null) {
                        findings.error(
                                ref,
                                hf,
                                Reason.INVALID_VALUE,
                                text + " is not 'literal' (in single quotes, no line breaks),"
                                        + " method.request.{path,querystring,header,multivaluequerystring,"
                                        + "multivalueheader}.NAME, stageVariables.NAME or context.NAME");
                    } else {
                        mapped.put(name, new ParameterMapping(ParameterMapping.Target.HEADER, name, source));
                    }
                }
            }
            SortedMap<String, String> templates = new TreeMap<>();
            for (Map.Entry<String, String> e :
                    Inputs.sorted(r.getResponseTemplates()).entrySet()) {
                String template = e.getValue() == null ? "" : e.getValue();
                templateCompiler.check(ref, f + ".responseTemplates[" + e.getKey() + "]", template);
                templates.put(e.getKey(), template);
            }
            if (findings.errorsSince(mark)) {
                continue;
            }
            out.put(
                    type,
                    new GatewayResponseConfig(
                            type, status, new TreeMap<>(headers), templates, List.copyOf(mapped.values())));
        }
        return new ArrayList<>(out.values());
    }
}
