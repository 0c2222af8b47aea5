package dev.tollgate.compiler;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS API Gateway's small languages as the compiler parses them: resource paths, route keys,
 * parameter mapping expressions, cache keys, backend URLs, stage variable references and the
 * tell-tale signs of VTL in mapping templates. The names, methods and header names inside them
 * follow {@link Grammar}, which the CRDs and the importer share.
 */
final class Syntax {
    private Syntax() {}

    static final Pattern STAGE_VARIABLE_REF =
            Pattern.compile("\\$\\{stageVariables\\.(" + Grammar.STAGE_VARIABLE_NAME + ")}");
    static final Pattern STAGE_VARIABLE_NAME = Pattern.compile(Grammar.STAGE_VARIABLE_NAME);
    static final Pattern STAGE_VARIABLE_VALUE = Pattern.compile(Grammar.STAGE_VARIABLE_VALUE);
    static final Pattern STAGE_NAME = Pattern.compile(Grammar.STAGE_NAME);
    /** An HTTP API route key, {@code METHOD /path}. */
    static final Pattern ROUTE_KEY = Pattern.compile("(ANY|" + Grammar.HTTP_METHOD + ") (/\\S*)");
    /** A WebSocket API route key: one of the three reserved keys, or a value without {@code $}. */
    static final Pattern WEBSOCKET_ROUTE_KEY =
            Pattern.compile("\\$(connect|disconnect|default)|[A-Za-z0-9._~:@!&'()*,;=-]{1,128}");
    /** A WebSocket route selection expression served: a JSON path of names into the message body. */
    static final Pattern ROUTE_SELECTION =
            Pattern.compile("\\$request\\.body(\\.[A-Za-z0-9_-]+)+|\\$\\{request\\.body(\\.[A-Za-z0-9_-]+)+}");
    /** A variable of a selection expression, {@code $a.b.c} or {@code ${a.b.c}}. */
    static final Pattern SELECTION_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z0-9_.-]+");
    /** A method request parameter, {@code method.request.LOCATION.NAME}. */
    static final Pattern METHOD_PARAMETER =
            Pattern.compile("method\\.request\\.(" + Grammar.METHOD_REQUEST_LOCATION + ")\\.(\\S+)");

    private static final Pattern HEADER_NAME = Pattern.compile(Grammar.HEADER_NAME);
    private static final Pattern STATIC_SEGMENT = Pattern.compile(Grammar.PATH_SEGMENT);
    private static final Pattern PARAM_NAME = Pattern.compile(Grammar.PATH_PARAMETER_NAME);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern CONTEXT_REF = Pattern.compile("\\$context\\.([A-Za-z0-9_.]+)");
    private static final Pattern VTL = Pattern.compile(
            "\\$!?\\{?[A-Za-z]|#\\{?(set|if|elseif|else|end|foreach|break|stop|macro|define|parse|include|evaluate)\\b|##|#\\*");
    private static final Pattern MOCK_STATUS = Pattern.compile("\\s*\\{\\s*\"statusCode\"\\s*:\\s*(\\d{3})\\s*}\\s*");
    private static final Pattern URL = Pattern.compile(
            "(?<scheme>https?)://(?<host>[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:(?<port>[0-9]{1,5}))?(?<path>/[^?#\\s]*)?");
    private static final Pattern CACHE_KEY =
            Pattern.compile("method\\.request\\.(" + Grammar.METHOD_REQUEST_LOCATION + ")\\.([^\\s.]\\S*)");

    /**
     * A resource path: its parameter names in order and the greedy one, if any.
     *
     * @param shape the path with every parameter name blanked, so {@code /a/{x}} and {@code /a/{y}}
     *     compare equal (AWS refuses both on one API)
     */
    record ResourcePath(String path, List<String> params, String greedy, String shape) {}

    /** Parses a resource path or says what is wrong with it. */
    static Result<ResourcePath> resourcePath(String path) {
        if (path == null || path.isEmpty()) {
            return Result.error("a resource path is required");
        }
        if (!path.startsWith("/")) {
            return Result.error("resource path " + path + " must start with /");
        }
        if (path.equals("/")) {
            return Result.ok(new ResourcePath("/", List.of(), null, "/"));
        }
        if (path.endsWith("/")) {
            return Result.error("resource path " + path + " must not end with /");
        }
        String[] segments = path.substring(1).split("/", -1);
        Set<String> params = new LinkedHashSet<>();
        String greedy = null;
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                return Result.error("resource path " + path + " has an empty segment");
            }
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                boolean isGreedy = name.endsWith("+");
                if (isGreedy) {
                    name = name.substring(0, name.length() - 1);
                    if (i != segments.length - 1) {
                        return Result.error(
                                "resource path " + path + ": greedy {" + name + "+} must be the last segment");
                    }
                    greedy = name;
                }
                if (!PARAM_NAME.matcher(name).matches()) {
                    return Result.error("resource path " + path + ": bad parameter name in segment " + s);
                }
                if (!params.add(name)) {
                    return Result.error("resource path " + path + " uses parameter {" + name + "} twice");
                }
                shape.append(isGreedy ? "/{+}" : "/{}");
            } else if (STATIC_SEGMENT.matcher(s).matches()) {
                shape.append('/').append(s);
            } else {
                return Result.error("resource path " + path + ": segment " + s
                        + " is neither static text, {param} nor a final {name+}");
            }
        }
        return Result.ok(new ResourcePath(path, List.copyOf(params), greedy, shape.toString()));
    }

    /** The names of {@code {x}} placeholders in a backend path or URL, stage variable references aside. */
    static Result<List<String>> placeholders(String text) {
        if (text == null) {
            return Result.ok(List.of());
        }
        String bare = STAGE_VARIABLE_REF.matcher(text).replaceAll("");
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(bare);
        int last = 0;
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            rest.append(bare, last, m.start());
            last = m.end();
            String name = m.group(1);
            if (!PARAM_NAME.matcher(name).matches()) {
                return Result.error("placeholder {" + name + "} in " + text + " is not a parameter name"
                        + (name.endsWith("+")
                                ? " (backend paths use {" + name.replace("+", "") + "}, not {name+})"
                                : ""));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        rest.append(bare.substring(last));
        if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0 || rest.indexOf("${") >= 0) {
            return Result.error("unbalanced braces or a bad ${stageVariables.NAME} reference in " + text);
        }
        return Result.ok(names);
    }

    /** The names of the stage variables a text refers to, in order. */
    static List<String> stageVariables(String text) {
        List<String> names = new ArrayList<>();
        if (text != null) {
            Matcher m = STAGE_VARIABLE_REF.matcher(text);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The text with every {@code ${stageVariables.x}} replaced; the caller checks they are all defined. */
    static String substitute(String text, Map<String, String> variables) {
        return STAGE_VARIABLE_REF
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
    }

    /** A mapping target: where the value goes and under which name. */
    record Target(ParameterMapping.Target target, String name) {}

    /** Parses {@code integration.request.{header,querystring,path}.NAME}. */
    static Result<Target> requestTarget(String key) {
        return target(key, "integration.request.", true);
    }

    /** Parses {@code method.response.header.NAME}. */
    static Result<Target> responseTarget(String key) {
        return target(key, "method.response.", false);
    }

    private static Result<Target> target(String key, String prefix, boolean request) {
        String expected =
                request ? "integration.request.{header,querystring,path}.NAME" : "method.response.header.NAME";
        if (key == null || !key.startsWith(prefix)) {
            return Result.error("mapping target " + key + " is not " + expected);
        }
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        String where = dot < 0 ? rest : rest.substring(0, dot);
        String name = dot < 0 ? "" : rest.substring(dot + 1);
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            return Result.error("mapping target " + key + " is not " + expected);
        }
        ParameterMapping.Target target =
                switch (request ? where : "response." + where) {
                    case "header", "response.header" -> ParameterMapping.Target.HEADER;
                    case "querystring" -> ParameterMapping.Target.QUERYSTRING;
                    case "path" -> ParameterMapping.Target.PATH;
                    default -> null;
                };
        if (target == null) {
            return Result.error("mapping target " + key + " is not " + expected);
        }
        if (target == ParameterMapping.Target.HEADER
                && !HEADER_NAME.matcher(name).matches()) {
            return Result.error("mapping target " + key + " names an invalid header (RFC 9110 token characters only)");
        }
        return Result.ok(new Target(target, name));
    }

    /**
     * A parsed mapping source; stage variables stay unresolved until a stage is known.
     *
     * @param fixed the source, or null when it is a stage variable
     * @param stageVariable the stage variable's name, or null
     */
    record Source(ParameterSource fixed, String stageVariable) {
        ParameterSource resolve(Function<String, String> variables) {
            return fixed != null ? fixed : new ParameterSource.Literal(variables.apply(stageVariable));
        }
    }

    /**
     * A quoted literal; control characters (but HTAB) are refused, since a literal may become a
     * header value and a CR or LF there would split the message.
     */
    private static Result<Source> literal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return Result.error("literal '" + text.replace("\r", "\\r").replace("\n", "\\n")
                        + "' contains a control character");
            }
        }
        return Result.ok(new Source(new ParameterSource.Literal(text), null));
    }

    /** Parses a request mapping source as AWS writes it. */
    static Result<Source> requestSource(String value) {
        if (value == null || value.isBlank()) {
            return Result.error("a mapping source is required");
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return literal(value.substring(1, value.length() - 1));
        }
        if (value.equals("method.request.body") || value.startsWith("method.request.body.")) {
            return body(value, "method.request.body").map(ParameterSource.RequestBody::new);
        }
        if (value.startsWith("method.request.")) {
            String rest = value.substring("method.request.".length());
            int dot = rest.indexOf('.');
            if (dot > 0 && dot < rest.length() - 1) {
                String where = rest.substring(0, dot).toUpperCase(Locale.ROOT);
                String name = rest.substring(dot + 1);
                for (ParameterSource.Location location : ParameterSource.Location.values()) {
                    if (location.name().equals(where) && name.chars().noneMatch(Character::isWhitespace)) {
                        return Result.ok(new Source(new ParameterSource.Request(location, name), null));
                    }
                }
            }
            return Result.error("mapping source " + value
                    + " is not method.request.{path,querystring,header,multivaluequerystring,multivalueheader}.NAME");
        }
        if (value.startsWith("stageVariables.")) {
            String name = value.substring("stageVariables.".length());
            if (!STAGE_VARIABLE_NAME.matcher(name).matches()) {
                return Result.error("mapping source " + value + " names no valid stage variable");
            }
            return Result.ok(new Source(null, name));
        }
        if (value.startsWith("context.authorizer.") && value.length() > "context.authorizer.".length()) {
            String name = value.substring("context.authorizer.".length());
            if (name.chars().anyMatch(Character::isWhitespace)) {
                return Result.error("mapping source " + value + " has whitespace");
            }
            return Result.ok(new Source(new ParameterSource.AuthorizerValue(name), null));
        }
        if (value.startsWith("context.")) {
            String name = value.substring("context.".length());
            Optional<ContextVariable> variable = ContextVariable.fromAwsName(name);
            return variable.<Result<Source>>map(v -> Result.ok(new Source(new ParameterSource.Context(v), null)))
                    .orElseGet(() -> Result.error("mapping source " + value + ": $context." + name
                            + " is not a context variable the gateway provides"));
        }
        return Result.error(
                "mapping source " + value + " is not 'literal', method.request.*, stageVariables.NAME or context.NAME");
    }

    /**
     * Parses a response mapping source: {@code 'literal'}, {@code integration.response.header.NAME},
     * {@code integration.response.body[.JSONPath]}, {@code stageVariables.NAME} (read from the stage
     * served) or {@code context.NAME}.
     */
    static Result<Source> responseSource(String value) {
        if (value != null && value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return literal(value.substring(1, value.length() - 1));
        }
        String prefix = "integration.response.header.";
        if (value != null && value.startsWith(prefix) && value.length() > prefix.length()) {
            return Result.ok(
                    new Source(new ParameterSource.IntegrationResponseHeader(value.substring(prefix.length())), null));
        }
        if (value != null
                && (value.equals("integration.response.body") || value.startsWith("integration.response.body."))) {
            return body(value, "integration.response.body").map(ParameterSource.IntegrationResponseBody::new);
        }
        if (value != null && (value.startsWith("stageVariables.") || value.startsWith("context."))) {
            Result<Source> source = requestSource(value);
            if (source.isOk() && source.value().stageVariable() != null) {
                return Result.ok(new Source(
                        new ParameterSource.StageVariable(source.value().stageVariable()), null));
            }
            return source;
        }
        return Result.error("response mapping source " + value
                + " is not 'literal', integration.response.header.NAME, integration.response.body[.JSONPath],"
                + " stageVariables.NAME or context.NAME");
    }

    /**
     * A body source: the whole body ({@code prefix} alone, a null path) or {@code prefix.JSONPath},
     * AWS's JSONPath without its leading {@code $}, checked with the JSONPath library the data plane
     * evaluates it with.
     */
    private static Result<String> body(String value, String prefix) {
        if (value.equals(prefix)) {
            return Result.ok(null);
        }
        String path = "$." + value.substring(prefix.length() + 1);
        if (path.length() == 2 || path.chars().anyMatch(Character::isWhitespace)) {
            return Result.error("mapping source " + value + " is not " + prefix + "[.JSONPath]");
        }
        try {
            JsonPath.compile(path);
        } catch (RuntimeException e) {
            // The library's own message helps when it says where; an internal exception's does not.
            String why = e instanceof InvalidPathException && e.getCause() == null
                    ? ": " + e.getMessage().trim()
                    : "";
            return Result.error("mapping source " + value + " has an invalid JSONPath " + path + why);
        }
        return Result.ok(path);
    }

    /** Whether a mapping template uses VTL ({@code $} references or {@code #} directives). */
    static boolean isVtl(String template) {
        return template != null && VTL.matcher(template).find();
    }

    /** The status a MOCK request template selects, if it is the literal {@code {"statusCode": N}}. */
    static Optional<Integer> mockStatus(String template) {
        Matcher m = MOCK_STATUS.matcher(template == null ? "" : template);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** Every {@code $context.X} an access log format names that the gateway does not provide. */
    static List<String> unknownContextVariables(String format) {
        List<String> unknown = new ArrayList<>();
        Matcher m = CONTEXT_REF.matcher(format);
        while (m.find()) {
            String name = m.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (ContextVariable.fromAwsName(name).isEmpty() && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /**
     * An integration URI's query string ({@code a=1&key=${stageVariables.k}}, percent-encoded as in a
     * URI) as the request parameter mappings it stands for: {@code integration.request.querystring.NAME}
     * to a literal, or to a stage variable when the value is exactly {@code ${stageVariables.NAME}}.
     * AWS keeps such a query string and sends the mapped parameters with it; a mapping of the same
     * name replaces the URI's value. A name given twice keeps its last value.
     */
    static Result<SortedMap<String, String>> uriQuery(String query) {
        SortedMap<String, String> out = new TreeMap<>();
        if (query.contains("#")) {
            return Result.error("an integration URI takes no fragment (#)");
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                return Result.error("query parameter " + pair + " of the integration URI has no valid name");
            }
            Matcher variable = STAGE_VARIABLE_REF.matcher(value);
            String source;
            if (variable.matches()) {
                source = "stageVariables." + variable.group(1);
            } else {
                String decoded = percentDecode(value);
                if (decoded == null || decoded.contains("'") || decoded.contains("${")) {
                    return Result.error("query parameter " + name + " of the integration URI has a value that is"
                            + " neither text nor exactly ${stageVariables.NAME}");
                }
                source = "'" + decoded + "'";
            }
            out.put("integration.request.querystring." + name, source);
        }
        return Result.ok(out);
    }

    /** Percent-decodes UTF-8 text ({@code +} stays a plus, as in a path); null when malformed. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                if (i + 2 >= in.length) {
                    return null;
                }
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A parsed backend URL; its path may hold {@code {x}} placeholders. */
    record Url(String scheme, String host, int port, String path) {}

    /** Parses an http(s) backend URL or says what is wrong with it. */
    static Result<Url> url(String url) {
        // Placeholders are not URL syntax; blank them so the pattern sees a plain path.
        String probe = url.replaceAll("\\{[A-Za-z0-9._-]+}", "p");
        Matcher m = URL.matcher(probe);
        if (!m.matches()) {
            return Result.error(
                    "url " + url + " is not http(s)://host[:port][/path] (no user info, query or fragment)");
        }
        String scheme = m.group("scheme");
        String host = m.group("host");
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = scheme.equals("https") ? 443 : 80;
        if (m.group("port") != null) {
            port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) {
                return Result.error("url " + url + " has a port outside 1..65535");
            }
        }
        int pathStart = url.indexOf('/', scheme.length() + 3);
        String path = pathStart < 0 ? "" : url.substring(pathStart);
        return Result.ok(new Url(scheme, host, port, path));
    }

    /** Whether a cache key parameter is {@code method.request.LOCATION.NAME}. */
    static boolean isCacheKey(String key) {
        return key != null && CACHE_KEY.matcher(key).matches();
    }

    /**
     * The valid cache key parameters of a list, deduplicated and sorted by location then name;
     * header names are case-insensitive, so they are lower-cased.
     */
    static List<CacheKeyParameter> cacheKeys(List<String> keys) {
        SortedMap<String, CacheKeyParameter> out = new TreeMap<>();
        for (String s : keys) {
            Matcher m = CACHE_KEY.matcher(s);
            if (m.matches()) {
                ParameterSource.Location location =
                        ParameterSource.Location.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                String name = location == ParameterSource.Location.HEADER
                                || location == ParameterSource.Location.MULTIVALUEHEADER
                        ? m.group(2).toLowerCase(Locale.ROOT)
                        : m.group(2);
                out.put(location.ordinal() + ":" + name, new CacheKeyParameter(location, name));
            }
        }
        return List.copyOf(out.values());
    }

    /** A value or why there is none (an invalid value, or something not served yet). */
    record Result<T>(T value, String error, boolean notSupported) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, null, false);
        }

        static <T> Result<T> error(String message) {
            return new Result<>(null, message, false);
        }

        static <T> Result<T> notSupported(String what) {
            return new Result<>(null, what + " is not served yet", true);
        }

        /** The value turned into a mapping source, or this result's error. */
        Result<Source> map(Function<T, ParameterSource> f) {
            return isOk() ? Result.ok(new Source(f.apply(value), null)) : new Result<>(null, error, notSupported);
        }

        boolean isOk() {
            return error == null;
        }

        Reason reason() {
            return notSupported ? Reason.NOT_SUPPORTED_YET : Reason.INVALID_VALUE;
        }
    }

    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "(arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:|[0-9]{12}:function:)?[A-Za-z0-9_-]{1,140}"
                    + "(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
    private static final Pattern FUNCTION_QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9_-]{1,128}");

    /** A Lambda function name as the invoke API takes it: a name, a partial ARN or a function ARN. */
    static boolean isFunctionName(String name) {
        return FUNCTION_NAME.matcher(name).matches();
    }

    /** A version, {@code $LATEST} or an alias. */
    static boolean isFunctionQualifier(String qualifier) {
        return FUNCTION_QUALIFIER.matcher(qualifier).matches();
    }
}
