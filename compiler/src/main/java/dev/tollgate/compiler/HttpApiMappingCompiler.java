package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.HttpApiMapping;
import dev.tollgate.ir.ParameterSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an HTTP API route's parameter mappings as AWS's API Gateway v2 writes them: request keys
 * {@code append|overwrite|remove:header.NAME}, {@code append|overwrite|remove:querystring.NAME} and
 * {@code overwrite:path}; response keys (per backend status) {@code append|overwrite|remove:header.NAME}
 * and {@code overwrite:statuscode}. Values are a static string, one variable ({@code
 * $request.header.x}, {@code $request.querystring.x}, {@code $request.body.JSONPath}, {@code
 * $request.path}, {@code $request.path.x}, {@code $response.header.x}, {@code $response.body.JSONPath},
 * {@code $context.x}, {@code $stageVariables.x}), or text mixing {@code ${...}} variables. Every bad
 * key or value is a finding, with AWS's rules: reserved headers cannot be mapped, a request mapping
 * reads the request and a response mapping the response.
 */
final class HttpApiMappingCompiler {
    /** Keys of request mappings. */
    private static final Pattern REQUEST_KEY =
            Pattern.compile("(append|overwrite|remove):(header|querystring)\\.(.*)|overwrite:path");
    /** Keys of response mappings. */
    private static final Pattern RESPONSE_KEY =
            Pattern.compile("(append|overwrite|remove):header\\.(.*)|overwrite:statuscode");
    /** Any key in HTTP API syntax, to tell it from REST's {@code integration.request.*}. */
    private static final Pattern ANY_KEY = Pattern.compile("[A-Za-z]+:.*");

    private static final Pattern HEADER_NAME = Pattern.compile(Grammar.HEADER_NAME);
    private static final Pattern STAGE_VARIABLE = Pattern.compile(Grammar.STAGE_VARIABLE_NAME);
    /**
     * A variable inside a value: {@code ${...}}, or a bare {@code $request.x.y} (and the other
     * roots) running to the first character no name has (a {@code /}, comma or space).
     */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([^{}]*)}|\\$((?:request|response|context|stageVariables)\\.[A-Za-z0-9_.-]+)");

    /** Headers AWS reserves: no HTTP API mapping may set, append or remove them. */
    private static final List<String> RESERVED = List.of(
            "authorization",
            "connection",
            "content-encoding",
            "content-length",
            "content-location",
            "forwarded",
            "host",
            "keep-alive",
            "origin",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailers",
            "transfer-encoding",
            "upgrade",
            "via",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto");

    private static final List<String> RESERVED_PREFIXES = List.of("access-control-", "apigw-", "x-amz-", "x-amzn-");

    private final Findings findings;

    HttpApiMappingCompiler(Findings findings) {
        this.findings = findings;
    }

    /** Whether a request parameter key is in HTTP API syntax rather than REST's. */
    static boolean isHttpApiKey(String key) {
        return key != null && ANY_KEY.matcher(key).matches();
    }

    /**
     * The request mappings, each bad one reported.
     *
     * @param path the route, whose path parameters {@code $request.path.x} may name
     */
    List<HttpApiMapping> request(
            ResourceRef api, String field, Map<String, String> parameters, Syntax.ResourcePath path) {
        List<HttpApiMapping> out = new ArrayList<>();
        Map<String, String> targets = new HashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
            String f = field + "[" + e.getKey() + "]";
            Matcher m = REQUEST_KEY.matcher(e.getKey());
            if (!m.matches()) {
                findings.error(
                        api,
                        f,
                        Reason.INVALID_VALUE,
                        e.getKey() + " is not append|overwrite|remove:header.NAME,"
                                + " append|overwrite|remove:querystring.NAME or overwrite:path");
                continue;
            }
            HttpApiMapping.Action action = m.group(1) == null
                    ? HttpApiMapping.Action.OVERWRITE
                    : HttpApiMapping.Action.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            HttpApiMapping.Target target = m.group(1) == null
                    ? HttpApiMapping.Target.PATH
                    : HttpApiMapping.Target.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            String name = m.group(1) == null ? null : m.group(3);
            HttpApiMapping mapping = mapping(api, f, action, target, name, e.getValue(), true, path, targets);
            if (mapping != null) {
                out.add(mapping);
            }
        }
        return out;
    }

    /** The response mappings by backend status, each bad one reported. */
    SortedMap<Integer, List<HttpApiMapping>> response(
            ResourceRef api, String field, Map<String, Map<String, String>> byStatus) {
        SortedMap<Integer, List<HttpApiMapping>> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> s : new TreeMap<>(byStatus).entrySet()) {
            String sf = field + "[" + s.getKey() + "]";
            Integer status = status(s.getKey());
            if (status == null) {
                findings.error(
                        api,
                        sf,
                        Reason.INVALID_VALUE,
                        "response parameters are keyed by a status code within 200..599");
                continue;
            }
            List<HttpApiMapping> list = new ArrayList<>();
            Map<String, String> targets = new HashMap<>();
            for (Map.Entry<String, String> e : Inputs.sorted(s.getValue()).entrySet()) {
                String f = sf + "[" + e.getKey() + "]";
                Matcher m = RESPONSE_KEY.matcher(e.getKey());
                if (!m.matches()) {
                    findings.error(
                            api,
                            f,
                            Reason.INVALID_VALUE,
                            e.getKey() + " is not append|overwrite|remove:header.NAME or overwrite:statuscode");
                    continue;
                }
                HttpApiMapping.Action action = m.group(1) == null
                        ? HttpApiMapping.Action.OVERWRITE
                        : HttpApiMapping.Action.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                HttpApiMapping.Target target =
                        m.group(1) == null ? HttpApiMapping.Target.STATUSCODE : HttpApiMapping.Target.HEADER;
                HttpApiMapping mapping =
                        mapping(api, f, action, target, m.group(2), e.getValue(), false, null, targets);
                if (mapping != null) {
                    list.add(mapping);
                }
            }
            if (!list.isEmpty()) {
                out.put(status, list);
            }
        }
        return out;
    }

    private static Integer status(String key) {
        if (key == null || !key.matches("\\d{3}")) {
            return null;
        }
        int status = Integer.parseInt(key);
        return status >= 200 && status <= 599 ? status : null;
    }

    private HttpApiMapping mapping(
            ResourceRef api,
            String f,
            HttpApiMapping.Action action,
            HttpApiMapping.Target target,
            String name,
            String value,
            boolean request,
            Syntax.ResourcePath path,
            Map<String, String> targets) {
        if (target == HttpApiMapping.Target.HEADER) {
            if (!HEADER_NAME.matcher(name).matches()) {
                findings.error(api, f, Reason.INVALID_VALUE, "header name " + name + " is not a valid header name");
                return null;
            }
            if (reserved(name)) {
                findings.error(
                        api, f, Reason.INVALID_VALUE, "header " + name + " is reserved; AWS lets no mapping change it");
                return null;
            }
        } else if (target == HttpApiMapping.Target.QUERYSTRING
                && (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '&' || c == '='))) {
            findings.error(api, f, Reason.INVALID_VALUE, "query string name " + name + " is empty or has & = or space");
            return null;
        }
        // One mapping per target: two would depend on an order AWS does not define.
        String key = target + ":" + (target == HttpApiMapping.Target.HEADER ? name.toLowerCase(Locale.ROOT) : name);
        String earlier = targets.putIfAbsent(key, f);
        if (earlier != null) {
            findings.error(api, f, Reason.DUPLICATE, "another mapping changes the same target: " + earlier);
            return null;
        }
        if (action == HttpApiMapping.Action.REMOVE) {
            // AWS's exports write a removal's value as '' (quoted nothing).
            if (value != null && !value.isEmpty() && !value.equals("''")) {
                findings.warning(api, f, Reason.NO_EFFECT, "remove takes no value; " + value + " is ignored");
            }
            return new HttpApiMapping(action, target, name, List.of());
        }
        if (value == null || value.isEmpty()) {
            findings.error(api, f, Reason.INVALID_VALUE, "a value is required (remove: takes none)");
            return null;
        }
        List<ParameterSource> parts = value(api, f, value, request, path);
        if (parts == null) {
            return null;
        }
        if (target == HttpApiMapping.Target.STATUSCODE
                && parts.size() == 1
                && parts.get(0) instanceof ParameterSource.Literal l
                && status(l.value()) == null) {
            findings.error(api, f, Reason.INVALID_VALUE, "overwrite:statuscode must be a status code within 200..599");
            return null;
        }
        return new HttpApiMapping(action, target, name, parts);
    }

    private static boolean reserved(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return RESERVED.contains(h) || RESERVED_PREFIXES.stream().anyMatch(h::startsWith);
    }

    /** The parts of a value, or null when one is bad (reported). */
    private List<ParameterSource> value(
            ResourceRef api, String f, String value, boolean request, Syntax.ResourcePath path) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                findings.error(api, f, Reason.INVALID_VALUE, "the value contains a control character");
                return null;
            }
        }
        List<ParameterSource> parts = new ArrayList<>();
        Matcher m = VARIABLE.matcher(value);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new ParameterSource.Literal(value.substring(at, m.start())));
            }
            ParameterSource source = variable(api, f, m.group(1) != null ? m.group(1) : m.group(2), request, path);
            if (source == null) {
                return null;
            }
            parts.add(source);
            at = m.end();
        }
        if (at < value.length()) {
            parts.add(new ParameterSource.Literal(value.substring(at)));
        }
        return parts;
    }

    /** One variable without its {@code $} and braces, or null when bad (reported). */
    private ParameterSource variable(
            ResourceRef api, String f, String expression, boolean request, Syntax.ResourcePath path) {
        String side = request ? "request" : "response";
        if (expression.startsWith("request.")) {
            if (!request) {
                return bad(api, f, expression, "a response mapping reads $response.*, not the request");
            }
            return requestVariable(api, f, expression.substring("request.".length()), path);
        }
        if (expression.startsWith("response.")) {
            if (request) {
                return bad(api, f, expression, "a request mapping cannot read the response");
            }
            String rest = expression.substring("response.".length());
            if (rest.startsWith("header.") && rest.length() > "header.".length()) {
                return new ParameterSource.IntegrationResponseHeader(rest.substring("header.".length()));
            }
            if (rest.equals("body") || rest.startsWith("body.")) {
                return source(api, f, expression, Syntax.responseSource("integration.response." + rest));
            }
            return bad(api, f, expression, "$response.header.NAME or $response.body[.JSONPath] expected");
        }
        if (expression.startsWith("context.")) {
            return source(api, f, expression, Syntax.requestSource(expression));
        }
        if (expression.startsWith("stageVariables.")) {
            String name = expression.substring("stageVariables.".length());
            if (!STAGE_VARIABLE.matcher(name).matches()) {
                return bad(api, f, expression, "no valid stage variable name");
            }
            return new ParameterSource.StageVariable(name);
        }
        return bad(
                api,
                f,
                expression,
                "a " + side + " mapping reads " + (request ? "$request" : "$response")
                        + ".*, $context.* or $stageVariables.*");
    }

    private ParameterSource requestVariable(ResourceRef api, String f, String rest, Syntax.ResourcePath path) {
        if (rest.equals("path")) {
            return new ParameterSource.RequestPath();
        }
        int dot = rest.indexOf('.');
        String where = dot < 0 ? rest : rest.substring(0, dot);
        String name = dot < 0 ? "" : rest.substring(dot + 1);
        if (where.equals("body")) {
            return source(api, f, "request." + rest, Syntax.requestSource("method.request." + rest));
        }
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            return bad(api, f, "request." + rest, "$request.{header,querystring,path}.NAME expected");
        }
        return switch (where) {
            // AWS joins a repeated header's or query string's values with commas.
            case "header" -> new ParameterSource.Request(ParameterSource.Location.MULTIVALUEHEADER, name);
            case "querystring" -> new ParameterSource.Request(ParameterSource.Location.MULTIVALUEQUERYSTRING, name);
            case "path" ->
                path != null && !path.params().contains(name)
                        ? bad(api, f, "request.path." + name, "not a path parameter of " + path.path())
                        : new ParameterSource.Request(ParameterSource.Location.PATH, name);
            default -> bad(api, f, "request." + rest, "$request.{header,querystring,path,body}.NAME expected");
        };
    }

    private ParameterSource source(ResourceRef api, String f, String expression, Syntax.Result<Syntax.Source> r) {
        if (!r.isOk()) {
            findings.error(api, f, r.reason(), r.error());
            return null;
        }
        return r.value().fixed();
    }

    private ParameterSource bad(ResourceRef api, String f, String expression, String why) {
        findings.error(api, f, Reason.INVALID_VALUE, "$" + expression + ": " + why);
        return null;
    }
}
