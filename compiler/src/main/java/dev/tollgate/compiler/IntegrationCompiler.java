package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.AwsServiceTarget;
import dev.tollgate.crds.v1alpha1.BackendTls;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.SecretKeyRef;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.ir.AwsServiceConfig;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ServiceUpstreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compiles Integrations: each is checked once, on its own, and methods (and authorizers) then refer
 * to the valid ones by name. Its {@code tls} (the backend's CA bundle) is compiled here too, as a
 * later step of {@link Compiler#compile} so findings keep their order.
 */
final class IntegrationCompiler {
    /** Public suffixes a two-label host ends in that are not taken as a namespace (see below). */
    private static final Set<String> NOT_NAMESPACES = Set.of(
            "arpa",
            "com",
            "corp",
            "edu",
            "example",
            "gov",
            "home",
            "internal",
            "intranet",
            "invalid",
            "io",
            "lan",
            "local",
            "localhost",
            "net",
            "org",
            "private",
            "test");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    IntegrationCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /** The valid Integrations by name. */
    SortedMap<String, ResolvedIntegration> compile() {
        SortedMap<String, ResolvedIntegration> valid = new TreeMap<>();
        for (Integration integration : Inputs.byName(snapshot.integrations())) {
            ResourceRef ref = ResourceRef.of(integration);
            int mark = findings.mark();
            ResolvedIntegration resolved = resolve(ref, integration.getSpec());
            if (resolved != null && !findings.errorsSince(mark)) {
                valid.put(ref.name(), resolved);
            }
        }
        return valid;
    }

    private ResolvedIntegration resolve(ResourceRef ref, IntegrationSpec spec) {
        if (spec == null) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
            return null;
        }
        IntegrationType type = spec.getType();
        if (type == null) {
            findings.error(ref, "spec.type", Reason.INVALID_VALUE, "spec.type is required");
            return null;
        }
        boolean awsType = type == IntegrationType.AWS;
        if (!awsType && spec.getAwsUri() != null) {
            findings.error(ref, "spec.awsUri", Reason.INVALID_VALUE, "awsUri is a target for AWS integrations only");
        }
        if (!awsType && spec.getAws() != null) {
            findings.error(ref, "spec.aws", Reason.INVALID_VALUE, "aws applies to AWS integrations only");
        }
        boolean mock = type == IntegrationType.MOCK;
        boolean function = type == IntegrationType.LAMBDA || type == IntegrationType.LAMBDA_PROXY;
        int targets = (spec.getService() != null ? 1 : 0)
                + (spec.getUrl() != null ? 1 : 0)
                + (spec.getLambda() != null ? 1 : 0);
        AwsService aws = null;
        if (awsType) {
            if (targets > 0) {
                findings.error(
                        ref, "spec", Reason.INVALID_VALUE, "an AWS integration takes awsUri, not service or url");
            }
            aws = aws(ref, spec);
            if (aws == null) {
                return null;
            }
        } else if (mock && targets > 0) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "a MOCK integration takes no service, url or lambda");
        } else if (function && (targets != 1 || spec.getLambda() == null)) {
            findings.error(
                    ref, "spec.lambda", Reason.INVALID_VALUE, type + " integrations name their function in lambda");
        } else if (!mock && targets != 1) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "exactly one of service or url must be set for " + type);
        } else if (spec.getLambda() != null && !function) {
            findings.error(ref, "spec.lambda", Reason.INVALID_VALUE, "lambda is a target for LAMBDA integrations only");
        }
        ServiceUpstreamConfig service =
                spec.getService() == null ? null : service(ref, "spec.service", spec.getService());
        ResolvedIntegration.Lambda lambda = null;
        if (function && spec.getLambda() != null) {
            lambda = lambda(ref, spec.getLambda());
            if (spec.getLambda().getService() != null) {
                service = service(ref, "spec.lambda.service", spec.getLambda().getService());
            }
        }
        String url = aws != null ? aws.url() : spec.getUrl();
        SortedMap<String, String> uriQuery = new TreeMap<>();
        if (url != null && url.contains("?")) {
            // AWS keeps an integration URI's query string: it becomes mappings of literal values.
            Syntax.Result<SortedMap<String, String>> query = Syntax.uriQuery(url.substring(url.indexOf('?') + 1));
            if (query.isOk()) {
                uriQuery = query.value();
            } else {
                findings.error(ref, "spec.url", Reason.INVALID_VALUE, query.error());
            }
            url = url.substring(0, url.indexOf('?'));
        }
        if (url != null) {
            checkUrl(ref, url);
        }
        Integer timeout = spec.getTimeoutMillis();
        if (timeout != null
                && (timeout < HttpIntegrationConfig.MIN_TIMEOUT_MILLIS
                        || timeout > HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS)) {
            findings.error(ref, "spec.timeoutMillis", Reason.INVALID_VALUE, "timeoutMillis must be within 50..29000");
        }
        SortedMap<String, String> parameters = Inputs.sorted(spec.getRequestParameters());
        uriQuery.forEach(parameters::putIfAbsent);
        if (aws != null && aws.uri().action() != null && !aws.uri().jsonProtocol()) {
            // A query-style action: AWS sends Action=NAME with the action's parameters.
            parameters.put(
                    "integration.request.querystring.Action", "'" + aws.uri().action() + "'");
        }
        SortedMap<String, String> templates = Inputs.sorted(spec.getRequestTemplates());
        if (mock) {
            if (!parameters.isEmpty()) {
                findings.warning(
                        ref, "spec.requestParameters", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
            if (spec.getHttpMethod() != null && spec.getHttpMethod() != HttpMethod.ANY) {
                findings.warning(
                        ref, "spec.httpMethod", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
        } else {
            MethodCompiler.checkRequestParameters(findings, ref, "spec.requestParameters", parameters, null);
        }
        MethodCompiler.checkRequestTemplates(findings, ref, "spec.requestTemplates", templates);
        if ((type == IntegrationType.HTTP_PROXY || type == IntegrationType.LAMBDA_PROXY) && !templates.isEmpty()) {
            findings.warning(ref, "spec.requestTemplates", Reason.NO_EFFECT, type + " passes the body through");
        }
        if (function && !parameters.isEmpty()) {
            findings.warning(ref, "spec.requestParameters", Reason.NO_EFFECT, "the invoke API takes the payload only");
        }
        if (function
                && spec.getHttpMethod() != null
                && spec.getHttpMethod() != HttpMethod.ANY
                && spec.getHttpMethod() != HttpMethod.POST) {
            findings.warning(ref, "spec.httpMethod", Reason.NO_EFFECT, "a function is always invoked with POST");
        }
        if (spec.getContentHandling() != null && type != IntegrationType.HTTP && !awsType) {
            findings.warning(
                    ref,
                    "spec.contentHandling",
                    Reason.NO_EFFECT,
                    type + " integrations pass the request payload as it is; contentHandling applies to HTTP");
        }
        MethodCompiler.checkCacheKeys(findings, ref, "spec.cacheKeyParameters", spec.getCacheKeyParameters());
        // spec.tls is compiled by backendTls(), a later step.
        if (spec.getConnection() != null) {
            findings.notSupportedYet(ref, "spec.connection", "connection pool settings");
        }
        PassthroughBehavior passthrough = spec.getPassthroughBehavior() == null
                ? null
                : PassthroughBehavior.valueOf(spec.getPassthroughBehavior().name());
        String method =
                spec.getHttpMethod() == null ? "ANY" : spec.getHttpMethod().name();
        return new ResolvedIntegration(
                ref.name(),
                type,
                method,
                service,
                url,
                parameters,
                templates,
                passthrough,
                timeout,
                Inputs.orEmpty(spec.getCacheKeyParameters()),
                spec.getContentHandling() == null
                        ? null
                        : ContentHandling.valueOf(spec.getContentHandling().name()),
                aws == null ? null : aws.config(),
                lambda);
    }

    /** An AWS integration's URI, the endpoint its calls go to, and how they are signed. */
    private record AwsService(AwsUri uri, String url, AwsServiceConfig config) {}

    private AwsService aws(ResourceRef ref, IntegrationSpec spec) {
        if (spec.getAwsUri() == null) {
            findings.error(ref, "spec.awsUri", Reason.INVALID_VALUE, "an AWS integration needs awsUri");
            return null;
        }
        Syntax.Result<AwsUri> parsed = AwsUri.parse(spec.getAwsUri());
        if (!parsed.isOk()) {
            findings.error(ref, "spec.awsUri", Reason.INVALID_VALUE, parsed.error());
            return null;
        }
        AwsUri uri = parsed.value();
        if (spec.getHttpMethod() == null || spec.getHttpMethod() == HttpMethod.ANY) {
            findings.error(
                    ref,
                    "spec.httpMethod",
                    Reason.INVALID_VALUE,
                    "an AWS integration calls the service with one method: set httpMethod (e.g. GET, PUT, POST)");
        }
        AwsServiceTarget target = Objects.requireNonNullElseGet(spec.getAws(), AwsServiceTarget::new);
        String endpoint = target.getEndpoint() == null ? uri.defaultEndpoint() : target.getEndpoint();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        if (endpoint.contains("?") || endpoint.contains("#")) {
            findings.error(
                    ref, "spec.aws.endpoint", Reason.INVALID_VALUE, "endpoint takes no query string or fragment");
            return null;
        }
        String secret = target.getCredentialsSecret();
        if (secret != null) {
            Optional<SecretInfo> found = snapshot.secret(secret);
            if (found.isEmpty()) {
                findings.error(
                        ref, "spec.aws.credentialsSecret", Reason.MISSING_REFERENCE, "no Secret named " + secret);
            } else {
                for (String key : List.of(AwsServiceConfig.ACCESS_KEY_ID, AwsServiceConfig.SECRET_ACCESS_KEY)) {
                    if (!found.get().hasKey(key)) {
                        findings.error(
                                ref,
                                "spec.aws.credentialsSecret",
                                Reason.MISSING_REFERENCE,
                                "Secret " + secret + " has no key " + key);
                    }
                }
            }
        }
        String region = target.getSigningRegion() == null ? uri.region() : target.getSigningRegion();
        String[] json = uri.jsonProtocol() ? AwsUri.JSON_PROTOCOL.get(uri.service()) : null;
        // S3 takes UNSIGNED-PAYLOAD, but only over TLS is the unsigned body safe from change on the way.
        boolean unsigned = uri.service().equals("s3") && endpoint.startsWith("https://");
        AwsServiceConfig config = new AwsServiceConfig(
                uri.service(),
                region,
                secret,
                json == null ? null : json[0] + "." + uri.action(),
                json == null ? null : json[1],
                unsigned);
        return new AwsService(uri, endpoint + uri.path(), config);
    }

    /** A function target: name (or ARN) and qualifier checked, its Service required. */
    private ResolvedIntegration.Lambda lambda(ResourceRef ref, LambdaTarget target) {
        String name = target.getFunctionName();
        if (name == null || name.isBlank()) {
            findings.error(ref, "spec.lambda.functionName", Reason.INVALID_VALUE, "functionName is required");
            return null;
        }
        Syntax.Result<?> placeholders = Syntax.placeholders(name);
        if (!placeholders.isOk()) {
            findings.error(ref, "spec.lambda.functionName", Reason.INVALID_VALUE, placeholders.error());
        } else if (Syntax.stageVariables(name).isEmpty() && !Syntax.isFunctionName(name)) {
            findings.error(
                    ref,
                    "spec.lambda.functionName",
                    Reason.INVALID_VALUE,
                    name + " is not a function name, partial ARN or function ARN");
        }
        if (target.getQualifier() != null && !Syntax.isFunctionQualifier(target.getQualifier())) {
            findings.error(
                    ref,
                    "spec.lambda.qualifier",
                    Reason.INVALID_VALUE,
                    "qualifier must be a version number, $LATEST or an alias name");
        }
        String version = target.getPayloadFormatVersion();
        if (version != null && !LambdaIntegrationConfig.PAYLOAD_FORMATS.contains(version)) {
            findings.error(
                    ref,
                    "spec.lambda.payloadFormatVersion",
                    Reason.INVALID_VALUE,
                    "payloadFormatVersion is 1.0 or 2.0");
        }
        Integer concurrency = target.getMaxConcurrency();
        if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
            findings.error(
                    ref,
                    "spec.lambda.maxConcurrency",
                    Reason.INVALID_VALUE,
                    "maxConcurrency must be within 1.." + MAX_CONCURRENCY);
        }
        if (target.getService() == null) {
            findings.error(
                    ref,
                    "spec.lambda.service",
                    Reason.INVALID_VALUE,
                    "lambda.service names the Service that serves the function's invoke API");
        }
        return new ResolvedIntegration.Lambda(name, target.getQualifier(), version, concurrency);
    }

    /** The most invocations of one function the gateway runs at once. */
    static final int MAX_CONCURRENCY = 10_000;

    private ServiceUpstreamConfig service(ResourceRef ref, String field, ServiceRef target) {
        if (target.getName() == null || target.getName().isEmpty()) {
            findings.error(ref, field + ".name", Reason.INVALID_VALUE, "service.name is required");
            return null;
        }
        String namespace = Objects.requireNonNullElse(target.getNamespace(), ref.namespace());
        if (!namespace.equals(ref.namespace())
                && !snapshot.grants("Integration", namespace, "Service", target.getName())) {
            findings.error(
                    ref,
                    field + ".namespace",
                    Reason.REF_NOT_PERMITTED,
                    "Service " + target.getName() + " is in namespace " + namespace
                            + ", which does not grant it: a ReferenceGrant in " + namespace
                            + " must admit Integrations from " + ref.namespace());
            return null;
        }
        if ((target.getPort() == null) == (target.getPortName() == null)) {
            findings.error(
                    ref, field, Reason.INVALID_VALUE, "exactly one of service.port or service.portName must be set");
            return null;
        }
        Optional<ServiceInfo> found = snapshot.services().stream()
                .filter(s -> s.namespace().equals(namespace) && s.name().equals(target.getName()))
                .findFirst();
        if (found.isEmpty()) {
            findings.error(
                    ref,
                    field + ".name",
                    Reason.MISSING_REFERENCE,
                    "no Service named " + target.getName() + " in namespace " + namespace);
            return null;
        }
        ServiceInfo info = found.get();
        int port;
        String portName = null;
        if (target.getPort() != null) {
            port = target.getPort();
            if (port < 1 || port > 65535) {
                findings.error(ref, field + ".port", Reason.INVALID_VALUE, "port must be within 1..65535");
                return null;
            }
            if (info.portsKnown() && info.ports().stream().noneMatch(p -> p.port() == target.getPort())) {
                findings.error(
                        ref,
                        field + ".port",
                        Reason.MISSING_REFERENCE,
                        "Service " + info.name() + " has no port " + port + " (it has " + portList(info) + ")");
                return null;
            }
            portName = info.ports().stream()
                    .filter(p -> p.port() == target.getPort())
                    .map(ServicePortInfo::name)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        } else {
            if (!info.portsKnown()) {
                findings.error(
                        ref,
                        field + ".portName",
                        Reason.MISSING_REFERENCE,
                        "the ports of Service " + info.name() + " are not known here; use a port number");
                return null;
            }
            Optional<ServicePortInfo> named = info.ports().stream()
                    .filter(p -> target.getPortName().equals(p.name()))
                    .findFirst();
            if (named.isEmpty()) {
                findings.error(
                        ref,
                        field + ".portName",
                        Reason.MISSING_REFERENCE,
                        "Service " + info.name() + " has no port named " + target.getPortName() + " (it has "
                                + portList(info) + ")");
                return null;
            }
            port = named.get().port();
            portName = named.get().name();
        }
        // A Service carries no scheme; the https port convention is the only hint it gives.
        boolean https = port == 443 || "https".equals(target.getPortName());
        return new ServiceUpstreamConfig(https ? "https" : "http", namespace, info.name(), port, portName);
    }

    private static String portList(ServiceInfo info) {
        return info.ports().isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        info.ports().stream()
                                .map(p -> p.name() == null ? "" + p.port() : p.name() + "=" + p.port())
                                .toList());
    }

    private void checkUrl(ResourceRef ref, String url) {
        Syntax.Result<?> placeholders = Syntax.placeholders(url);
        if (!placeholders.isOk()) {
            findings.error(ref, "spec.url", Reason.INVALID_VALUE, placeholders.error());
            return;
        }
        for (String variable : Syntax.stageVariables(url)) {
            if (!Syntax.STAGE_VARIABLE_NAME.matcher(variable).matches()) {
                findings.error(ref, "spec.url", Reason.INVALID_VALUE, "bad stage variable name " + variable);
            }
        }
        if (Syntax.stageVariables(url).isEmpty()) {
            Syntax.Result<Syntax.Url> parsed = Syntax.url(url);
            if (!parsed.isOk()) {
                findings.error(ref, "spec.url", Reason.INVALID_VALUE, parsed.error());
            } else {
                String refused = crossNamespaceHost(snapshot, parsed.value().host());
                if (refused != null) {
                    findings.error(ref, "spec.url", Reason.REF_NOT_PERMITTED, refused);
                }
            }
        }
    }

    /**
     * Why a URL host may not be called, or null when it may: a cluster-internal name of a Service in
     * another namespace ({@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}, any
     * cluster domain) needs a ReferenceGrant there admitting Integrations of this namespace, exactly as
     * a {@code service:} reference does, or a URL would be a way around it. A two-label name is what a
     * pod's DNS search path turns into {@code svc.ns.svc.cluster.local}; it is taken as one unless its
     * last label is a common public or reserved suffix ({@link #NOT_NAMESPACES}).
     */
    static String crossNamespaceHost(NamespaceSnapshot snapshot, String host) {
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.", -1);
        boolean cluster = labels.length >= 3 && labels[2].equals("svc");
        boolean shortName = labels.length == 2 && !NOT_NAMESPACES.contains(labels[1]);
        if (!(cluster || shortName)
                || !DNS_LABEL.matcher(labels[0]).matches()
                || !DNS_LABEL.matcher(labels[1]).matches()) {
            return null;
        }
        String service = labels[0];
        String namespace = labels[1];
        if (namespace.equals(snapshot.namespace()) || snapshot.grants("Integration", namespace, "Service", service)) {
            return null;
        }
        return "url host " + host + " is Service " + service + " of namespace " + namespace
                + ", which does not grant it: a ReferenceGrant in " + namespace
                + " must admit Integrations from " + snapshot.namespace();
    }

    /**
     * Each Integration's {@code tls}, with its CA bundle turned into the IR. The backend's
     * certificate is always verified, host name included: settings that would weaken that are
     * refused.
     */
    List<BackendTlsConfig> backendTls() {
        List<BackendTlsConfig> out = new ArrayList<>();
        for (Integration integration : Inputs.byName(snapshot.integrations())) {
            BackendTls tls =
                    integration.getSpec() == null ? null : integration.getSpec().getTls();
            if (tls == null) {
                continue;
            }
            ResourceRef ref = ResourceRef.of(integration);
            if (Boolean.TRUE.equals(tls.getInsecureSkipVerify())) {
                findings.error(
                        ref,
                        "spec.tls.insecureSkipVerify",
                        Reason.NOT_SUPPORTED_YET,
                        "the gateway always verifies backend certificates; give it the CA bundle instead");
            }
            if (tls.getServerName() != null) {
                findings.error(
                        ref,
                        "spec.tls.serverName",
                        Reason.NOT_SUPPORTED_YET,
                        "the certificate is verified against the host the gateway connects to");
            }
            if (tls.getCaBundleConfigMapRef() != null) {
                findings.error(
                        ref,
                        "spec.tls.caBundleConfigMapRef",
                        Reason.NOT_SUPPORTED_YET,
                        "CA bundles are read from Secrets so far (caBundleSecretRef)");
            }
            SecretKeyRef secretRef = tls.getCaBundleSecretRef();
            if (secretRef == null) {
                continue;
            }
            String name = secretRef.getName();
            String key = secretRef.getKey();
            Optional<SecretInfo> secret = snapshot.secret(name);
            if (name == null || secret.isEmpty()) {
                findings.error(
                        ref, "spec.tls.caBundleSecretRef.name", Reason.MISSING_REFERENCE, "no Secret named " + name);
            } else if (key == null || !secret.get().hasKey(key)) {
                findings.error(
                        ref,
                        "spec.tls.caBundleSecretRef.key",
                        Reason.MISSING_REFERENCE,
                        "Secret " + name + " has no key " + key);
            } else if (!new String(secret.get().data().get(key), StandardCharsets.US_ASCII)
                    .contains("-----BEGIN CERTIFICATE-----")) {
                findings.error(
                        ref,
                        "spec.tls.caBundleSecretRef.key",
                        Reason.INVALID_VALUE,
                        "not a PEM bundle of certificates");
            } else {
                out.add(new BackendTlsConfig(
                        integration.getMetadata().getName(),
                        name,
                        key,
                        Sha256.hex(secret.get().data().get(key))));
            }
        }
        return out;
    }
}
