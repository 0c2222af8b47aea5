package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.AuthorizerType;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.JwtConfiguration;
import dev.tollgate.ir.AuthorizerConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.UpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a RestApi's authorizers (JWT, Cognito, TOKEN and REQUEST) into their IR, and decides
 * who may call each method: the authorizer it names, AWS_IAM (Kubernetes identity) or anyone.
 * Methods that name an authorizer the data plane cannot run are refused where they name it (fail
 * closed).
 */
final class AuthorizerCompiler {
    /** Default tolerance on exp/nbf, in seconds. */
    static final int DEFAULT_CLOCK_SKEW = 60;

    private static final Pattern HEADER_SOURCE =
            Pattern.compile("(?:\\$request\\.header\\.|method\\.request\\.header\\.)(" + Grammar.HEADER_NAME + ")");

    private static final Pattern REQUEST_SOURCE = Pattern.compile(
            "(?:\\$request\\.|method\\.request\\.)(header|querystring)\\.(" + Grammar.HEADER_NAME + ")");

    private final Findings findings;
    private final Map<String, ResolvedIntegration> integrations;

    AuthorizerCompiler(Findings findings, Map<String, ResolvedIntegration> integrations) {
        this.findings = findings;
        this.integrations = integrations;
    }

    /**
     * A RestApi's authorizers as methods see them.
     *
     * @param declared every name the API declares, runnable or not
     * @param runnable the authorizers the data plane runs, by name
     */
    record ApiAuthorizers(Set<String> declared, SortedMap<String, AuthorizerConfig> runnable) {}

    /** The names the API declares; a name declared twice is reported. */
    Set<String> declaredNames(ResourceRef ref, List<Authorizer> authorizers) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < authorizers.size(); i++) {
            if (!names.add(authorizers.get(i).getName())) {
                findings.error(
                        ref, "spec.authorizers[" + i + "].name", Reason.DUPLICATE, "authorizer names must be unique");
            }
        }
        return names;
    }

    /** The runnable authorizers of a REST API by name; others are reported. */
    SortedMap<String, AuthorizerConfig> compile(ResourceRef ref, List<Authorizer> authorizers) {
        return compile(ref, authorizers, false);
    }

    /**
     * The runnable authorizers by name; others are reported.
     *
     * @param httpApi whether they belong to an HTTP API (whose Lambda authorizers take payload
     *     format 1.0 or 2.0 and may answer simple responses)
     */
    SortedMap<String, AuthorizerConfig> compile(ResourceRef ref, List<Authorizer> authorizers, boolean httpApi) {
        SortedMap<String, AuthorizerConfig> out = new TreeMap<>();
        for (int i = 0; i < authorizers.size(); i++) {
            Authorizer a = authorizers.get(i);
            String f = "spec.authorizers[" + i + "]";
            if (a == null || a.getName() == null || a.getType() == null) {
                findings.error(ref, f, Reason.INVALID_VALUE, "name and type are required");
                continue;
            }
            AuthorizerType type = a.getType();
            if (type == AuthorizerType.TOKEN || type == AuthorizerType.REQUEST) {
                RequestAuthorizerConfig request = request(ref, f, a, httpApi);
                if (request != null) {
                    out.put(a.getName(), request);
                }
                continue;
            }
            JwtAuthorizerConfig jwt = jwt(ref, f, a);
            if (jwt != null) {
                out.put(a.getName(), jwt);
            }
        }
        return out;
    }

    private RequestAuthorizerConfig request(ResourceRef ref, String f, Authorizer a, boolean httpApi) {
        int mark = findings.mark();
        ResolvedIntegration integration =
                a.getIntegrationRef() == null ? null : integrations.get(a.getIntegrationRef());
        UpstreamConfig upstream = null;
        String path = "/";
        if (integration == null) {
            findings.error(
                    ref,
                    f + ".integrationRef",
                    Reason.MISSING_REFERENCE,
                    "no valid Integration named " + a.getIntegrationRef());
        } else if (integration.lambda() != null) {
            if (integration.service() != null) {
                upstream = integration.service();
            }
            if (!Syntax.stageVariables(integration.lambda().function()).isEmpty()) {
                findings.error(
                        ref,
                        f + ".integrationRef",
                        Reason.NOT_SUPPORTED_YET,
                        "an authorizer's function is named without stage variables");
            } else {
                path = LambdaIntegrationConfig.invokePath(
                        integration.lambda().function(), integration.lambda().qualifier());
            }
        } else if (integration.service() != null) {
            upstream = integration.service();
        } else if (integration.url() != null && !integration.url().contains("${")) {
            Syntax.Result<Syntax.Url> url = Syntax.url(integration.url());
            if (url.isOk()) {
                upstream = new UrlUpstreamConfig(
                        url.value().scheme(), url.value().host(), url.value().port());
                path = url.value().path().isEmpty() ? "/" : url.value().path();
            } else {
                findings.error(ref, f + ".integrationRef", Reason.INVALID_VALUE, url.error());
            }
        } else {
            findings.error(
                    ref,
                    f + ".integrationRef",
                    Reason.NOT_SUPPORTED_YET,
                    "an authorizer calls a Lambda Integration, or an HTTP Integration with a Service or a fixed URL"
                            + " (no stage variables)");
        }
        String defaultSource = "header.authorization";
        List<String> sources = new ArrayList<>();
        String raw = a.getIdentitySource();
        if (raw == null || raw.isBlank()) {
            if (a.getType() == AuthorizerType.TOKEN) {
                sources.add(defaultSource);
            } else {
                findings.error(
                        ref, f + ".identitySource", Reason.INVALID_VALUE, "REQUEST authorizers need an identitySource");
            }
        } else {
            for (String part : raw.split(",")) {
                Matcher m = REQUEST_SOURCE.matcher(part.trim());
                if (!m.matches()) {
                    findings.error(
                            ref,
                            f + ".identitySource",
                            Reason.NOT_SUPPORTED_YET,
                            part.trim() + " is not method.request.header.NAME or method.request.querystring.NAME");
                } else {
                    sources.add(m.group(1) + "."
                            + (m.group(1).equals("header") ? m.group(2).toLowerCase(Locale.ROOT) : m.group(2)));
                }
            }
            if (a.getType() == AuthorizerType.TOKEN
                    && (sources.size() != 1 || !sources.get(0).startsWith("header."))) {
                findings.error(ref, f + ".identitySource", Reason.INVALID_VALUE, "a TOKEN authorizer reads one header");
            }
        }
        String expression = a.getIdentityValidationExpression();
        if (expression != null) {
            if (a.getType() != AuthorizerType.TOKEN) {
                findings.warning(
                        ref,
                        f + ".identityValidationExpression",
                        Reason.NO_EFFECT,
                        "applies to TOKEN authorizers only");
                expression = null;
            } else {
                try {
                    Pattern.compile(expression);
                } catch (PatternSyntaxException e) {
                    findings.error(ref, f + ".identityValidationExpression", Reason.INVALID_VALUE, "not a regex");
                }
            }
        }
        if (a.getJwt() != null) {
            findings.warning(ref, f + ".jwt", Reason.NO_EFFECT, "applies to JWT authorizers");
        }
        boolean lambda = integration != null && integration.lambda() != null;
        String version = null;
        boolean simple = Boolean.TRUE.equals(a.getEnableSimpleResponses());
        if (httpApi && lambda) {
            version = Objects.requireNonNullElse(a.getAuthorizerPayloadFormatVersion(), "2.0");
            if (!LambdaIntegrationConfig.PAYLOAD_FORMATS.contains(version)) {
                findings.error(
                        ref,
                        f + ".authorizerPayloadFormatVersion",
                        Reason.INVALID_VALUE,
                        "authorizerPayloadFormatVersion is 1.0 or 2.0");
            }
            if (simple && !"2.0".equals(version)) {
                findings.error(
                        ref,
                        f + ".enableSimpleResponses",
                        Reason.INVALID_VALUE,
                        "simple responses need authorizerPayloadFormatVersion 2.0");
            }
        } else {
            if (a.getAuthorizerPayloadFormatVersion() != null) {
                findings.warning(
                        ref,
                        f + ".authorizerPayloadFormatVersion",
                        Reason.NO_EFFECT,
                        "applies to HTTP APIs' Lambda authorizers");
            }
            if (a.getEnableSimpleResponses() != null) {
                findings.warning(
                        ref,
                        f + ".enableSimpleResponses",
                        Reason.NO_EFFECT,
                        "applies to HTTP APIs' Lambda authorizers");
            }
            simple = false;
        }
        if (a.getScopes() != null && !a.getScopes().isEmpty()) {
            findings.warning(ref, f + ".scopes", Reason.NO_EFFECT, "applies to JWT authorizers");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        int ttl = a.getResultTtlInSeconds() == null ? 300 : a.getResultTtlInSeconds();
        int timeout =
                Objects.requireNonNullElse(integration.timeoutMillis(), HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS);
        return new RequestAuthorizerConfig(
                a.getName(),
                a.getType().name(),
                upstream,
                path,
                timeout,
                sources,
                expression,
                ttl,
                lambda,
                version,
                simple,
                lambda ? Objects.requireNonNullElse(integration.lambda().maxConcurrency(), 0) : 0);
    }

    private JwtAuthorizerConfig jwt(ResourceRef ref, String f, Authorizer a) {
        int mark = findings.mark();
        JwtConfiguration c = a.getJwt();
        if (c == null) {
            findings.error(ref, f + ".jwt", Reason.INVALID_VALUE, a.getType() + " authorizers need jwt settings");
            return null;
        }
        if (c.getIssuer() == null || c.getIssuer().isBlank()) {
            findings.error(ref, f + ".jwt.issuer", Reason.INVALID_VALUE, "issuer is required");
        }
        List<String> audiences = Inputs.orEmpty(c.getAudiences());
        if (a.getType() == AuthorizerType.JWT && audiences.isEmpty()) {
            // AWS requires an audience for JWT authorizers: without it any token of the issuer passes.
            findings.error(
                    ref, f + ".jwt.audiences", Reason.INVALID_VALUE, "JWT authorizers need at least one audience");
        }
        boolean allowHttp = Boolean.TRUE.equals(c.getAllowInsecureHttp());
        String uri = c.getJwksUri();
        if (uri != null) {
            keysUrl(ref, f + ".jwt.jwksUri", "jwksUri", uri, allowHttp);
        } else if (c.getIssuer() != null && !c.getIssuer().isBlank()) {
            // No jwksUri: the data plane finds it in the issuer's OpenID Connect discovery document.
            keysUrl(
                    ref,
                    f + ".jwt.issuer",
                    "issuer (for OpenID Connect discovery without jwksUri)",
                    c.getIssuer(),
                    allowHttp);
        }
        String header = "authorization";
        if (a.getIdentitySource() != null) {
            Matcher m = HEADER_SOURCE.matcher(a.getIdentitySource().trim());
            if (m.matches()) {
                header = m.group(1).toLowerCase(Locale.ROOT);
            } else {
                findings.error(
                        ref,
                        f + ".identitySource",
                        Reason.NOT_SUPPORTED_YET,
                        "a JWT authorizer reads its token from one header: $request.header.NAME");
            }
        }
        if (a.getIdentityValidationExpression() != null) {
            findings.warning(
                    ref, f + ".identityValidationExpression", Reason.NO_EFFECT, "applies to TOKEN authorizers only");
        }
        if (a.getResultTtlInSeconds() != null) {
            findings.warning(
                    ref,
                    f + ".resultTtlInSeconds",
                    Reason.NO_EFFECT,
                    "JWT authorizers verify every token; only the key set is cached");
        }
        if (a.getScopes() != null && !a.getScopes().isEmpty()) {
            findings.warning(
                    ref, f + ".scopes", Reason.NO_EFFECT, "methods name the scopes they need (authorizationScopes)");
        }
        if (a.getIntegrationRef() != null) {
            findings.warning(ref, f + ".integrationRef", Reason.NO_EFFECT, "applies to TOKEN and REQUEST authorizers");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        int skew = c.getClockSkewSeconds() == null ? DEFAULT_CLOCK_SKEW : c.getClockSkewSeconds();
        return new JwtAuthorizerConfig(
                a.getName(), c.getIssuer(), new ArrayList<>(new TreeSet<>(audiences)), uri, header, skew, allowHttp);
    }

    /** Checks a URL the signing keys are found through: http(s), no stage variables, https unless allowed. */
    private void keysUrl(ResourceRef ref, String field, String what, String value, boolean allowHttp) {
        Syntax.Result<Syntax.Url> url = Syntax.url(value);
        if (!url.isOk()) {
            findings.error(ref, field, Reason.INVALID_VALUE, url.error());
        } else if (value.contains("${")) {
            findings.error(ref, field, Reason.INVALID_VALUE, what + " cannot use stage variables");
        } else if (!url.value().scheme().equals("https") && !allowHttp) {
            findings.error(
                    ref,
                    field,
                    Reason.INVALID_VALUE,
                    what + " must be https: keys fetched over plain http could be swapped by anyone on the path"
                            + " (allowInsecureHttp: true allows it for local development)");
        }
    }

    /**
     * Who may call a method (or route), or null for anyone; a method whose authorization cannot be
     * enforced is reported (an error leaves the method out).
     *
     * @param field the method's field path, e.g. {@code spec.resources[2].methods[0]}
     */
    RouteAuthorizationConfig methodAuthorization(
            ResourceRef ref,
            String field,
            ApiAuthorizers authorizers,
            AuthorizationType type,
            String authorizerName,
            List<String> scopes) {
        boolean none = type == null || type == AuthorizationType.NONE;
        RouteAuthorizationConfig result = null;
        AuthorizerConfig compiled =
                authorizerName == null ? null : authorizers.runnable().get(authorizerName);
        boolean jwtType = type == AuthorizationType.JWT || type == AuthorizationType.COGNITO_USER_POOLS;
        if (jwtType && authorizerName == null) {
            findings.error(ref, field + ".authorizerName", Reason.MISSING_REFERENCE, type + " needs an authorizerName");
        } else if (jwtType && compiled instanceof JwtAuthorizerConfig) {
            result = new RouteAuthorizationConfig(
                    compiled, List.copyOf(new TreeSet<>(scopes == null ? List.of() : scopes)));
        } else if (type == AuthorizationType.CUSTOM && compiled instanceof RequestAuthorizerConfig) {
            if (scopes != null && !scopes.isEmpty()) {
                findings.warning(
                        ref, field + ".authorizationScopes", Reason.NO_EFFECT, "scopes apply to JWT authorizers");
            }
            result = new RouteAuthorizationConfig(compiled, List.of());
        } else if (type == AuthorizationType.AWS_IAM) {
            // IAM maps to Kubernetes identity: TokenReview + SubjectAccessReview, decisions cached briefly.
            if (authorizerName != null) {
                findings.warning(ref, field + ".authorizerName", Reason.NO_EFFECT, "AWS_IAM uses no authorizer");
            }
            result = new RouteAuthorizationConfig(new KubernetesAuthorizerConfig("AWS_IAM", 10), List.of());
        } else if (type == AuthorizationType.CUSTOM && authorizerName == null) {
            findings.error(ref, field + ".authorizerName", Reason.MISSING_REFERENCE, "CUSTOM needs an authorizerName");
        } else if (!none
                && (compiled != null
                        || !authorizers.declared().contains(authorizerName)
                        || (!jwtType && type != AuthorizationType.CUSTOM))) {
            // Serving without it would let through callers it must refuse: fail closed.
            findings.error(
                    ref,
                    field + ".authorizationType",
                    Reason.NOT_SUPPORTED_YET,
                    "authorizationType " + type + " is not enforced yet; the method is not served");
        } else if (!none) {
            // The named authorizer exists but has errors of its own, reported on it.
            findings.error(
                    ref,
                    field + ".authorizerName",
                    Reason.INVALID_VALUE,
                    "authorizer " + authorizerName + " is invalid or not supported; the method is not served");
        }
        if (authorizerName != null) {
            if (!authorizers.declared().contains(authorizerName)) {
                findings.error(
                        ref,
                        field + ".authorizerName",
                        Reason.MISSING_REFERENCE,
                        "no authorizer named " + authorizerName + " in this API");
            } else if (none) {
                findings.warning(ref, field + ".authorizerName", Reason.NO_EFFECT, "authorizationType is NONE");
            }
        }
        if (none && scopes != null && !scopes.isEmpty()) {
            findings.warning(ref, field + ".authorizationScopes", Reason.NO_EFFECT, "authorizationType is NONE");
        }
        return result;
    }
}
