package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.BackendTls;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.SecretKeyRef;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpIntegrationConfig;
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
        switch (type) {
            case LAMBDA, LAMBDA_PROXY, AWS -> {
                findings.error(ref, "spec.type", Reason.NOT_SUPPORTED_YET, type + " integrations are not served yet");
                return null;
            }
            default -> {}
        }
        if (spec.getAwsUri() != null) {
            findings.error(ref, "spec.awsUri", Reason.INVALID_VALUE, "awsUri is a target for AWS integrations only");
        }
        boolean mock = type == IntegrationType.MOCK;
        int targets = (spec.getService() != null ? 1 : 0)
                + (spec.getUrl() != null ? 1 : 0)
                + (spec.getLambda() != null ? 1 : 0);
        if (mock && targets > 0) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "a MOCK integration takes no service, url or lambda");
        } else if (!mock && targets != 1) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "exactly one of service or url must be set for " + type);
        } else if (spec.getLambda() != null) {
            findings.error(ref, "spec.lambda", Reason.INVALID_VALUE, "lambda is a target for LAMBDA integrations only");
        }
        ServiceUpstreamConfig service = spec.getService() == null ? null : service(ref, spec.getService());
        String url = spec.getUrl();
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
        if (type == IntegrationType.HTTP_PROXY && !templates.isEmpty()) {
            findings.warning(ref, "spec.requestTemplates", Reason.NO_EFFECT, "HTTP_PROXY passes the body through");
        }
        if (spec.getContentHandling() != null && type != IntegrationType.HTTP) {
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
                        : ContentHandling.valueOf(spec.getContentHandling().name()));
    }

    private ServiceUpstreamConfig service(ResourceRef ref, ServiceRef target) {
        String field = "spec.service";
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
        }
        // A Service carries no scheme; the https port convention is the only hint it gives.
        boolean https = port == 443 || "https".equals(target.getPortName());
        return new ServiceUpstreamConfig(https ? "https" : "http", namespace, info.name(), port);
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
