package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.AuthorizerType;
import dev.tollgate.crds.v1alpha1.JwtConfiguration;
import dev.tollgate.ir.AuthorizerConfig;
import dev.tollgate.ir.JwtAuthorizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a RestApi's authorizers and turns the ones the data plane runs into their IR. Methods that
 * name any other authorizer are refused where they name it (fail closed).
 */
final class AuthorizerCompiler {
    /** Default tolerance on exp/nbf, in seconds. */
    static final int DEFAULT_CLOCK_SKEW = 60;

    private static final Pattern HEADER_SOURCE =
            Pattern.compile("(?:\\$request\\.header\\.|method\\.request\\.header\\.)([!#$%&'*+.^_`|~0-9A-Za-z-]+)");

    private static final Pattern REQUEST_SOURCE = Pattern.compile(
            "(?:\\$request\\.|method\\.request\\.)(header|querystring)\\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)");

    private final Findings findings;
    private final Map<String, ResolvedIntegration> integrations;

    AuthorizerCompiler(Findings findings, Map<String, ResolvedIntegration> integrations) {
        this.findings = findings;
        this.integrations = integrations;
    }

    /** The runnable authorizers by name; others are reported. */
    Map<String, AuthorizerConfig> compile(ResourceRef ref, List<Authorizer> authorizers) {
        Map<String, AuthorizerConfig> out = new TreeMap<>();
        for (int i = 0; i < authorizers.size(); i++) {
            Authorizer a = authorizers.get(i);
            String f = "spec.authorizers[" + i + "]";
            if (a == null || a.getName() == null || a.getType() == null) {
                findings.error(ref, f, Reason.INVALID_VALUE, "name and type are required");
                continue;
            }
            AuthorizerType type = a.getType();
            if (type == AuthorizerType.TOKEN || type == AuthorizerType.REQUEST) {
                dev.tollgate.ir.RequestAuthorizerConfig request = request(ref, f, a);
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

    private dev.tollgate.ir.RequestAuthorizerConfig request(ResourceRef ref, String f, Authorizer a) {
        int mark = findings.mark();
        ResolvedIntegration integration =
                a.getIntegrationRef() == null ? null : integrations.get(a.getIntegrationRef());
        dev.tollgate.ir.UpstreamConfig upstream = null;
        String path = "/";
        if (integration == null) {
            findings.error(
                    ref,
                    f + ".integrationRef",
                    Reason.MISSING_REFERENCE,
                    "no valid Integration named " + a.getIntegrationRef());
        } else if (integration.service() != null) {
            upstream = integration.service();
        } else if (integration.url() != null && !integration.url().contains("${")) {
            Syntax.Result<IntegrationCompiler.Url> url = IntegrationCompiler.Url.parse(integration.url());
            if (url.isOk()) {
                upstream = new dev.tollgate.ir.UrlUpstreamConfig(
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
                    "an authorizer calls an HTTP Integration with a Service or a fixed URL (no stage variables, no"
                            + " Lambda yet)");
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
                } catch (java.util.regex.PatternSyntaxException e) {
                    findings.error(ref, f + ".identityValidationExpression", Reason.INVALID_VALUE, "not a regex");
                }
            }
        }
        if (a.getJwt() != null) {
            findings.warning(ref, f + ".jwt", Reason.NO_EFFECT, "applies to JWT authorizers");
        }
        if (a.getScopes() != null && !a.getScopes().isEmpty()) {
            findings.warning(ref, f + ".scopes", Reason.NO_EFFECT, "applies to JWT authorizers");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        int ttl = a.getResultTtlInSeconds() == null ? 300 : a.getResultTtlInSeconds();
        int timeout = java.util.Objects.requireNonNullElse(
                integration.timeoutMillis(), dev.tollgate.ir.HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS);
        return new dev.tollgate.ir.RequestAuthorizerConfig(
                a.getName(), a.getType().name(), upstream, path, timeout, sources, expression, ttl);
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
        List<String> audiences = Compiler.orEmpty(c.getAudiences());
        if (a.getType() == AuthorizerType.JWT && audiences.isEmpty()) {
            // AWS requires an audience for JWT authorizers: without it any token of the issuer passes.
            findings.error(
                    ref, f + ".jwt.audiences", Reason.INVALID_VALUE, "JWT authorizers need at least one audience");
        }
        String uri = c.getJwksUri();
        Syntax.Result<IntegrationCompiler.Url> url =
                uri == null ? Syntax.Result.error("jwksUri is required") : IntegrationCompiler.Url.parse(uri);
        if (!url.isOk()) {
            findings.error(ref, f + ".jwt.jwksUri", Reason.INVALID_VALUE, url.error());
        } else if (uri.contains("${")) {
            findings.error(ref, f + ".jwt.jwksUri", Reason.INVALID_VALUE, "jwksUri cannot use stage variables");
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
                a.getName(), c.getIssuer(), new ArrayList<>(new TreeSet<>(audiences)), uri, header, skew);
    }
}
