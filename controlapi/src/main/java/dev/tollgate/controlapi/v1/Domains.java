package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.BasePathMapping;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.DomainNameSpec;
import dev.tollgate.crds.v1alpha1.DomainTls;
import dev.tollgate.crds.v1alpha1.EndpointType;
import dev.tollgate.crds.v1alpha1.TlsVersion;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Domain names and base path mappings. The certificate is a {@code kubernetes.io/tls} Secret of
 * the namespace, named in place of an ACM ARN as {@code secret:NAME} (in certificateArn or
 * regionalCertificateArn); a certificate given inline (certificateBody, certificatePrivateKey,
 * certificateChain) is written into a new Secret {@code NAME-tls}.
 */
public final class Domains {
    static final String SECRET_PREFIX = "secret:";

    private final Function<Call, Scope> scopes;

    public Domains(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    static String resourceName(String domain) {
        String name = domain.toLowerCase(Locale.ROOT).replace("*", "wildcard");
        return name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
                ? name
                : "domain-" + Ids.stable(domain);
    }

    static ObjectNode shape(DomainName d) {
        DomainNameSpec spec = d.getSpec();
        ObjectNode out = Json.object();
        out.put("domainName", spec.getDomainName());
        boolean edge = spec.getEndpointType() == EndpointType.EDGE;
        String type = spec.getEndpointType() == null
                ? "REGIONAL"
                : spec.getEndpointType().name();
        if (spec.getTls() != null && spec.getTls().getSecretName() != null) {
            out.put(
                    edge ? "certificateArn" : "regionalCertificateArn",
                    SECRET_PREFIX + spec.getTls().getSecretName());
            out.put(
                    edge ? "certificateName" : "regionalCertificateName",
                    spec.getTls().getSecretName());
        }
        out.put(edge ? "distributionDomainName" : "regionalDomainName", spec.getDomainName());
        out.putObject("endpointConfiguration").putArray("types").add(type);
        out.put("domainNameStatus", "AVAILABLE");
        TlsVersion min = spec.getTls() == null || spec.getTls().getMinimumVersion() == null
                ? TlsVersion.TLS_1_2
                : spec.getTls().getMinimumVersion();
        out.put("securityPolicy", min == TlsVersion.TLS_1_0 ? "TLS_1_0" : "TLS_1_2");
        return out;
    }

    static DomainName find(Scope scope, String domain) {
        return scope.list(DomainName.class).stream()
                .filter(d -> d.getSpec() != null
                        && domain.equalsIgnoreCase(d.getSpec().getDomainName()))
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid domain name identifier specified"));
    }

    public Reply create(Call call) {
        Scope scope = scopes.apply(call);
        JsonNode body = call.json();
        String domain = Json.required(body, "domainName").toLowerCase(Locale.ROOT);
        if (scope.list(DomainName.class).stream()
                .anyMatch(d -> d.getSpec() != null
                        && domain.equalsIgnoreCase(d.getSpec().getDomainName()))) {
            throw AwsException.conflict("The domain name you provided already exists.");
        }
        String name = resourceName(domain);
        DomainNameSpec spec = new DomainNameSpec();
        spec.setDomainName(domain);
        JsonNode ec = body.path("endpointConfiguration").path("types");
        if (ec.isArray() && ec.size() > 0) {
            spec.setEndpointType(
                    RestApis.enumValue(EndpointType.class, ec.get(0).asText(), "endpointConfiguration"));
        }
        String arn = Json.text(body, "regionalCertificateArn");
        if (arn == null) {
            arn = Json.text(body, "certificateArn");
        }
        String secret = null;
        if (arn != null) {
            if (!arn.startsWith(SECRET_PREFIX) || !Ids.isName(arn.substring(SECRET_PREFIX.length()))) {
                throw AwsException.badRequest("Certificates are kubernetes.io/tls Secrets here: give"
                        + " --regional-certificate-arn secret:NAME (or the certificate itself with"
                        + " --certificate-body and --certificate-private-key), not " + arn);
            }
            secret = arn.substring(SECRET_PREFIX.length());
        } else if (body.hasNonNull("certificateBody")) {
            secret = (name.replace('.', '-') + "-tls");
            if (secret.length() > 63) {
                secret = "domain-" + Ids.stable(domain) + "-tls";
            }
            String chain = Json.text(body, "certificateChain");
            String crt = Json.required(body, "certificateBody") + (chain == null ? "" : "\n" + chain);
            String key = Json.required(body, "certificatePrivateKey");
            scope.check("create", Secret.class, secret);
            String secretName = secret;
            Scope.guard(() -> {
                scope.store()
                        .putSecret(
                                scope.namespace(),
                                secretName,
                                "kubernetes.io/tls",
                                Map.of("tls.crt", crt, "tls.key", key),
                                Map.of());
                return null;
            });
        }
        if (secret != null) {
            DomainTls tls = new DomainTls();
            tls.setSecretName(secret);
            String policy = Json.text(body, "securityPolicy");
            if (policy != null) {
                tls.setMinimumVersion(RestApis.enumValue(TlsVersion.class, policy, "securityPolicy"));
            }
            spec.setTls(tls);
        }
        if (body.hasNonNull("mutualTlsAuthentication")) {
            throw AwsException.badRequest("mutualTlsAuthentication: set spec.mutualTls on the DomainName (a trust store"
                    + " in a Secret or ConfigMap); S3 trust store URIs have no counterpart here");
        }
        DomainName d = new DomainName();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        d.setMetadata(meta);
        d.setSpec(spec);
        scope.apply(new Scope.Change.Create(d));
        return Reply.created(shape(d));
    }

    public Reply get(Call call) {
        return Reply.ok(shape(find(scopes.apply(call), call.param("domain_name"))));
    }

    public Reply list(Call call) {
        Scope scope = scopes.apply(call);
        List<ObjectNode> items = scope.list(DomainName.class).stream()
                .filter(d -> d.getSpec() != null && d.getSpec().getDomainName() != null)
                .map(Domains::shape)
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply update(Call call) {
        Scope scope = scopes.apply(call);
        DomainName d = find(scope, call.param("domain_name"));
        for (Patch p : Patch.of(call.json())) {
            switch (p.segments().get(0)) {
                case "regionalCertificateArn", "certificateArn" -> {
                    String arn = p.required();
                    if (!arn.startsWith(SECRET_PREFIX)) {
                        throw AwsException.badRequest("Certificates are given as secret:NAME");
                    }
                    DomainTls tls = d.getSpec().getTls() == null
                            ? new DomainTls()
                            : d.getSpec().getTls();
                    tls.setSecretName(arn.substring(SECRET_PREFIX.length()));
                    d.getSpec().setTls(tls);
                }
                case "securityPolicy" -> {
                    if (d.getSpec().getTls() == null) {
                        throw AwsException.badRequest("securityPolicy needs a certificate");
                    }
                    d.getSpec()
                            .getTls()
                            .setMinimumVersion(RestApis.enumValue(TlsVersion.class, p.required(), "securityPolicy"));
                }
                default -> throw p.unsupported();
            }
        }
        scope.apply(new Scope.Change.Update(d));
        return Reply.ok(shape(d));
    }

    public Reply delete(Call call) {
        Scope scope = scopes.apply(call);
        DomainName d = find(scope, call.param("domain_name"));
        scope.apply(new Scope.Change.Delete(DomainName.class, d.getMetadata().getName()));
        return Reply.empty(202);
    }

    // ---- base path mappings ----

    static String basePath(BasePathMapping m) {
        return m.getBasePath() == null || m.getBasePath().isEmpty() ? "(none)" : m.getBasePath();
    }

    static ObjectNode mappingShape(BasePathMapping m) {
        ObjectNode out = Json.object();
        out.put("basePath", basePath(m));
        out.put("restApiId", m.getRestApiRef());
        Json.put(out, "stage", m.getStage());
        return out;
    }

    private static List<BasePathMapping> mappings(DomainName d) {
        return d.getSpec().getBasePathMappings() == null
                ? new ArrayList<>()
                : new ArrayList<>(d.getSpec().getBasePathMappings());
    }

    private static BasePathMapping mapping(DomainName d, String basePath) {
        return mappings(d).stream()
                .filter(m -> basePath(m).equals(basePath))
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid base path mapping identifier specified"));
    }

    public Reply createMapping(Call call) {
        Scope scope = scopes.apply(call);
        DomainName d = find(scope, call.param("domain_name"));
        JsonNode body = call.json();
        String apiId = Json.required(body, "restApiId");
        RestApis.rest(scope, apiId);
        String stage = Json.text(body, "stage");
        if (stage == null) {
            throw AwsException.badRequest("A stage is required: a mapping serves one stage of the API here");
        }
        Stages.find(scope, apiId, stage);
        String basePath = Json.text(body, "basePath");
        basePath = basePath == null || basePath.isEmpty() ? "(none)" : basePath;
        List<BasePathMapping> list = mappings(d);
        String wanted = basePath;
        if (list.stream().anyMatch(m -> basePath(m).equals(wanted))) {
            throw AwsException.conflict("Base path already exists for this domain name");
        }
        BasePathMapping m = new BasePathMapping();
        m.setBasePath(basePath.equals("(none)") ? null : basePath);
        m.setRestApiRef(apiId);
        m.setStage(stage);
        list.add(m);
        d.getSpec().setBasePathMappings(list);
        scope.apply(new Scope.Change.Update(d));
        return Reply.created(mappingShape(m));
    }

    public Reply getMapping(Call call) {
        Scope scope = scopes.apply(call);
        return Reply.ok(mappingShape(mapping(find(scope, call.param("domain_name")), call.param("base_path"))));
    }

    public Reply getMappings(Call call) {
        Scope scope = scopes.apply(call);
        List<ObjectNode> items = mappings(find(scope, call.param("domain_name"))).stream()
                .map(Domains::mappingShape)
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updateMapping(Call call) {
        Scope scope = scopes.apply(call);
        DomainName d = find(scope, call.param("domain_name"));
        BasePathMapping m = mapping(d, call.param("base_path"));
        List<BasePathMapping> list = mappings(d);
        int at = list.indexOf(m);
        for (Patch p : Patch.of(call.json())) {
            switch (p.segments().get(0)) {
                case "basePath" -> m.setBasePath(p.required().equals("(none)") ? null : p.required());
                case "restapiId", "restApiId" -> m.setRestApiRef(p.required());
                case "stage" -> m.setStage(p.required());
                default -> throw p.unsupported();
            }
        }
        list.set(at, m);
        d.getSpec().setBasePathMappings(list);
        scope.apply(new Scope.Change.Update(d));
        return Reply.ok(mappingShape(m));
    }

    public Reply deleteMapping(Call call) {
        Scope scope = scopes.apply(call);
        DomainName d = find(scope, call.param("domain_name"));
        BasePathMapping m = mapping(d, call.param("base_path"));
        List<BasePathMapping> list = mappings(d);
        list.remove(m);
        d.getSpec().setBasePathMappings(list.isEmpty() ? null : list);
        scope.apply(new Scope.Change.Update(d));
        return Reply.empty(202);
    }
}
