package dev.tollgate.compiler.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.AuthorizerType;
import dev.tollgate.crds.v1alpha1.Cors;
import dev.tollgate.crds.v1alpha1.EndpointType;
import dev.tollgate.crds.v1alpha1.GatewayResponse;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationResponse;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.MethodResponse;
import dev.tollgate.crds.v1alpha1.Model;
import dev.tollgate.crds.v1alpha1.PolicyStatement;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.RequestValidator;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.crds.v1alpha1.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a RestApi (with its Stage and Integrations) as the OpenAPI 3.0 or Swagger 2.0 document
 * AWS exports, optionally with the {@code x-amazon-apigateway-*} extensions, so the API can go back
 * to AWS tooling. Pure; importing the result gives the same resources back.
 */
public final class OpenApiExporter {
    /** Output flavour. */
    public enum Format {
        OAS30,
        SWAGGER
    }

    /**
     * What an export produced.
     *
     * @param document the OpenAPI document as pretty JSON; null when there are errors
     * @param messages errors (nothing exported) and warnings (exported, with the loss named)
     */
    public record ExportResult(String document, List<ImportMessage> messages) {
        public ExportResult {
            messages = List.copyOf(messages);
        }

        /** Whether the export failed. */
        public boolean hasErrors() {
            return messages.stream().anyMatch(ImportMessage::isError);
        }
    }

    private static final String X = "x-amazon-apigateway-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern LAMBDA_ARN = Pattern.compile("arn:(aws[a-z-]*):lambda:([^:]+):.*");
    private static final Pattern COGNITO_ISSUER =
            Pattern.compile("https://cognito-idp\\.([a-z0-9-]+)\\.amazonaws\\.com/(.+)");

    private final Format format;
    private final boolean extensions;
    private final Messages messages = new Messages();
    private Map<String, Integration> integrations = Map.of();
    private String namespace;

    private OpenApiExporter(Format format, boolean extensions) {
        this.format = format;
        this.extensions = extensions;
    }

    /** Exports RestApi {@code apiName} at stage {@code stageName} of one namespace. */
    public static ExportResult export(
            NamespaceSnapshot snapshot, String apiName, String stageName, Format format, boolean extensions) {
        return new OpenApiExporter(format, extensions).run(snapshot, apiName, stageName);
    }

    private boolean oas3() {
        return format == Format.OAS30;
    }

    private ExportResult run(NamespaceSnapshot snapshot, String apiName, String stageName) {
        namespace = snapshot.namespace();
        RestApi api = snapshot.restApis().stream()
                .filter(a -> a.getMetadata().getName().equals(apiName))
                .findFirst()
                .orElse(null);
        if (api == null || api.getSpec() == null) {
            messages.error("RestApi " + apiName, "no RestApi named " + apiName + " in namespace " + namespace);
            return new ExportResult(null, messages.list());
        }
        Stage stage = snapshot.stages().stream()
                .filter(s -> s.getSpec() != null
                        && apiName.equals(s.getSpec().getRestApiRef())
                        && stageName.equals(Objects.requireNonNullElse(
                                s.getSpec().getStageName(), s.getMetadata().getName())))
                .findFirst()
                .orElse(null);
        if (stage == null) {
            messages.error("RestApi " + apiName, "no Stage " + stageName + " deploys RestApi " + apiName);
            return new ExportResult(null, messages.list());
        }
        integrations = new TreeMap<>();
        snapshot.integrations().forEach(i -> integrations.put(i.getMetadata().getName(), i));
        RestApiSpec spec = api.getSpec();
        boolean http = spec.getProtocolType() == ProtocolType.HTTP;
        if (spec.getProtocolType() == ProtocolType.WEBSOCKET) {
            messages.error("RestApi " + apiName, "WebSocket APIs have no OpenAPI export");
            return new ExportResult(null, messages.list());
        }
        ObjectNode doc = JSON.createObjectNode();
        if (oas3()) {
            doc.put("openapi", "3.0.1");
        } else {
            doc.put("swagger", "2.0");
        }
        ObjectNode info = doc.putObject("info");
        info.put("title", apiName);
        if (spec.getDescription() != null) {
            info.put("description", spec.getDescription());
        }
        info.put("version", "1.0");
        servers(doc, api, stageName);
        ObjectNode paths = doc.putObject("paths");
        if (http) {
            for (Route r : list(spec.getRoutes())) {
                route(paths, r);
            }
        } else {
            for (Resource r : list(spec.getResources())) {
                if (r.getPath() == null) {
                    messages.error("spec.resources", "a resource needs a path");
                    continue;
                }
                ObjectNode item =
                        paths.has(r.getPath()) ? (ObjectNode) paths.get(r.getPath()) : paths.putObject(r.getPath());
                for (Method m : list(r.getMethods())) {
                    method(item, r.getPath(), m);
                }
            }
        }
        securitySchemes(doc, spec);
        models(doc, spec);
        if (extensions) {
            apiExtensions(doc, spec, http);
        }
        if (messages.hasErrors()) {
            return new ExportResult(null, messages.list());
        }
        try {
            return new ExportResult(JSON.writeValueAsString(doc) + "\n", messages.list());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void servers(ObjectNode doc, RestApi api, String stageName) {
        String host = api.getMetadata().getName() + "." + namespace + ".execute-api.localhost";
        ObjectNode endpoint = null;
        RestApiSpec spec = api.getSpec();
        if (extensions
                && (spec.getEndpointConfiguration() != null
                        || Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint()))) {
            endpoint = JSON.createObjectNode();
            if (spec.getEndpointConfiguration() != null) {
                if (spec.getEndpointConfiguration().getTypes() != null) {
                    ArrayNode types = endpoint.putArray("types");
                    for (EndpointType t : spec.getEndpointConfiguration().getTypes()) {
                        types.add(t.name());
                    }
                }
                strings(
                        endpoint,
                        "vpcEndpointIds",
                        spec.getEndpointConfiguration().getVpcEndpointIds());
            }
            if (Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint())) {
                endpoint.put("disableExecuteApiEndpoint", true);
            }
        }
        boolean http = spec.getProtocolType() == ProtocolType.HTTP;
        if (oas3()) {
            ObjectNode server = doc.putArray("servers").addObject();
            server.put("url", "https://" + host + "/{basePath}");
            server.putObject("variables").putObject("basePath").put("default", http ? "" : stageName);
            if (endpoint != null) {
                server.set(X + "endpoint-configuration", endpoint);
            }
        } else {
            doc.put("host", host);
            doc.put("basePath", "/" + (http ? "" : stageName));
            doc.putArray("schemes").add("https");
            if (endpoint != null) {
                doc.set(X + "endpoint-configuration", endpoint);
            }
        }
    }

    private void route(ObjectNode paths, Route r) {
        String key = r.getRouteKey() == null ? "" : r.getRouteKey().trim();
        String path;
        String method;
        if (key.equals("$default")) {
            path = "/$default";
            method = X + "any-method";
        } else {
            int space = key.indexOf(' ');
            if (space < 0) {
                messages.error("route " + key, "routeKey " + key + " is not METHOD /path");
                return;
            }
            method = key.substring(0, space).equals("ANY")
                    ? X + "any-method"
                    : key.substring(0, space).toLowerCase(Locale.ROOT);
            path = key.substring(space + 1).trim();
        }
        ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
        ObjectNode op = item.putObject(method);
        if (r.getOperationName() != null) {
            op.put("operationId", r.getOperationName());
        }
        op.putObject("responses").putObject("default").put("description", "Default response for " + key);
        security(
                op, r.getAuthorizationType(), r.getAuthorizerName(), r.getAuthorizationScopes(), r.getApiKeyRequired());
        if (extensions) {
            HttpMethod hm = method.startsWith(X) ? HttpMethod.ANY : HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
            integration(op, r.getIntegration(), path, hm, "route " + key);
        }
    }

    private void method(ObjectNode item, String path, Method m) {
        if (m.getHttpMethod() == null) {
            return;
        }
        String key = m.getHttpMethod() == HttpMethod.ANY
                ? X + "any-method"
                : m.getHttpMethod().name().toLowerCase(Locale.ROOT);
        ObjectNode op = item.putObject(key);
        String where = m.getHttpMethod() + " " + path;
        if (m.getOperationName() != null) {
            op.put("operationId", m.getOperationName());
        }
        Map<String, String> models = sorted(m.getRequestModels());
        if (!oas3() && !models.isEmpty()) {
            op.set("consumes", JSON.valueToTree(new ArrayList<>(models.keySet())));
        }
        List<MethodResponse> responses = list(m.getMethodResponses());
        if (!oas3()) {
            List<String> produces = new ArrayList<>();
            for (MethodResponse r : responses) {
                for (String ct : sorted(r.getResponseModels()).keySet()) {
                    if (!produces.contains(ct)) {
                        produces.add(ct);
                    }
                }
            }
            if (!produces.isEmpty()) {
                op.set("produces", JSON.valueToTree(produces));
            }
        }
        ArrayNode parameters = JSON.createArrayNode();
        for (Map.Entry<String, Boolean> e : sorted(m.getRequestParameters()).entrySet()) {
            String[] parts = e.getKey().split("\\.", 4);
            if (parts.length != 4) {
                continue;
            }
            String in =
                    switch (parts[2]) {
                        case "path" -> "path";
                        case "querystring", "multivaluequerystring" -> "query";
                        default -> "header";
                    };
            ObjectNode p = parameters.addObject();
            p.put("name", parts[3]);
            p.put("in", in);
            p.put("required", in.equals("path") || Boolean.TRUE.equals(e.getValue()));
            if (oas3()) {
                p.putObject("schema").put("type", "string");
            } else {
                p.put("type", "string");
            }
        }
        if (!models.isEmpty()) {
            if (oas3()) {
                ObjectNode content = op.putObject("requestBody").putObject("content");
                models.forEach(
                        (ct, model) -> content.putObject(ct).putObject("schema").put("$ref", ref(model)));
                op.with("requestBody").put("required", true);
            } else {
                String model = models.values().iterator().next();
                if (models.values().stream().distinct().count() > 1) {
                    messages.warning(where, "Swagger 2.0 has one body schema per operation; " + model + " is used");
                }
                ObjectNode p = parameters.addObject();
                p.put("in", "body");
                p.put("name", model);
                p.put("required", true);
                p.putObject("schema").put("$ref", ref(model));
            }
        }
        if (!parameters.isEmpty()) {
            op.set("parameters", parameters);
        }
        ObjectNode out = op.putObject("responses");
        for (MethodResponse r : responses) {
            if (r.getStatusCode() == null) {
                messages.error(where, "a method response needs a statusCode");
                continue;
            }
            ObjectNode resp = out.putObject(Integer.toString(r.getStatusCode()));
            resp.put("description", r.getStatusCode() + " response");
            Map<String, Boolean> headers = sorted(r.getResponseParameters());
            if (!headers.isEmpty()) {
                ObjectNode h = resp.putObject("headers");
                for (String name : headers.keySet()) {
                    ObjectNode header = h.putObject(name.substring(name.lastIndexOf('.') + 1));
                    if (oas3()) {
                        header.putObject("schema").put("type", "string");
                    } else {
                        header.put("type", "string");
                    }
                }
            }
            Map<String, String> rm = sorted(r.getResponseModels());
            if (!rm.isEmpty()) {
                if (oas3()) {
                    ObjectNode content = resp.putObject("content");
                    rm.forEach((ct, model) ->
                            content.putObject(ct).putObject("schema").put("$ref", ref(model)));
                } else {
                    resp.putObject("schema")
                            .put("$ref", ref(rm.values().iterator().next()));
                }
            }
        }
        if (out.isEmpty()) {
            out.putObject("default").put("description", "Default response for " + where);
        }
        security(
                op, m.getAuthorizationType(), m.getAuthorizerName(), m.getAuthorizationScopes(), m.getApiKeyRequired());
        if (extensions) {
            if (m.getRequestValidator() != null) {
                op.put(X + "request-validator", m.getRequestValidator());
            }
            integration(op, m.getIntegration(), path, m.getHttpMethod(), where);
        }
    }

    private void security(
            ObjectNode op, AuthorizationType type, String authorizer, List<String> scopes, Boolean apiKey) {
        ObjectNode requirement = JSON.createObjectNode();
        if (type == AuthorizationType.AWS_IAM) {
            requirement.putArray("sigv4");
        } else if (type != null && type != AuthorizationType.NONE && authorizer != null) {
            ArrayNode s = requirement.putArray(authorizer);
            list(scopes).forEach(s::add);
        }
        if (Boolean.TRUE.equals(apiKey)) {
            requirement.putArray("api_key");
        }
        if (!requirement.isEmpty()) {
            op.putArray("security").add(requirement);
        }
    }

    // ---- integrations ------------------------------------------------------------------------------

    private void integration(ObjectNode op, MethodIntegration mi, String path, HttpMethod method, String where) {
        if (mi == null || mi.getIntegrationRef() == null) {
            messages.error(where, "the method has no integration");
            return;
        }
        Integration integration = integrations.get(mi.getIntegrationRef());
        if (integration == null || integration.getSpec() == null) {
            messages.error(where, "no Integration named " + mi.getIntegrationRef() + " in namespace " + namespace);
            return;
        }
        IntegrationSpec spec = integration.getSpec();
        ObjectNode x = op.putObject(X + "integration");
        IntegrationType type = spec.getType();
        if (type == null) {
            messages.error(where, "Integration " + mi.getIntegrationRef() + " has no type");
            return;
        }
        x.put(
                "type",
                switch (type) {
                    case HTTP -> "http";
                    case HTTP_PROXY -> "http_proxy";
                    case MOCK -> "mock";
                    case LAMBDA, AWS -> "aws";
                    case LAMBDA_PROXY -> "aws_proxy";
                });
        switch (type) {
            case HTTP, HTTP_PROXY -> {
                String backendPath = mi.getPath();
                if (backendPath == null) {
                    // The $default route sends the whole request path: its URI has none.
                    backendPath = type == IntegrationType.HTTP_PROXY && !path.equals("/$default")
                            ? path.replace("+}", "}")
                            : "";
                }
                boolean whole = mi.getPath() == null && path.equals("/$default");
                x.put("uri", origin(spec, where) + (whole ? basePath(spec) : joinPath(basePath(spec), backendPath)));
                HttpMethod hm = spec.getHttpMethod() == null ? HttpMethod.ANY : spec.getHttpMethod();
                x.put("httpMethod", (hm == HttpMethod.ANY ? method : hm).name());
            }
            case LAMBDA, LAMBDA_PROXY -> {
                x.put("uri", lambdaUri(spec.getLambda(), where));
                x.put("httpMethod", "POST");
            }
            case AWS -> {
                if (spec.getAwsUri() == null) {
                    messages.error(where, "AWS Integration " + mi.getIntegrationRef() + " has no awsUri");
                    return;
                }
                x.put("uri", spec.getAwsUri());
                x.put("httpMethod", (spec.getHttpMethod() == null ? HttpMethod.POST : spec.getHttpMethod()).name());
            }
            case MOCK -> {}
        }
        SortedMap<String, String> parameters = new TreeMap<>(sorted(spec.getRequestParameters()));
        parameters.putAll(sorted(mi.getRequestParameters()));
        putMap(x, "requestParameters", parameters);
        if (mi.getResponseParameters() != null && !mi.getResponseParameters().isEmpty()) {
            ObjectNode byStatus = x.putObject("responseParameters");
            new TreeMap<>(mi.getResponseParameters()).forEach((status, m) -> putMap(byStatus, status, sorted(m)));
        }
        SortedMap<String, String> templates = new TreeMap<>(sorted(spec.getRequestTemplates()));
        templates.putAll(sorted(mi.getRequestTemplates()));
        putMap(x, "requestTemplates", templates);
        var passthrough =
                mi.getPassthroughBehavior() != null ? mi.getPassthroughBehavior() : spec.getPassthroughBehavior();
        if (passthrough != null) {
            x.put("passthroughBehavior", passthrough.name().toLowerCase(Locale.ROOT));
        }
        var contentHandling = mi.getContentHandling() != null ? mi.getContentHandling() : spec.getContentHandling();
        if (contentHandling != null) {
            x.put("contentHandling", contentHandling.name());
        }
        Integer timeout = mi.getTimeoutMillis() != null ? mi.getTimeoutMillis() : spec.getTimeoutMillis();
        if (timeout != null) {
            x.put("timeoutInMillis", timeout);
        }
        if (mi.getCacheNamespace() != null) {
            x.put("cacheNamespace", mi.getCacheNamespace());
        }
        List<String> cacheKeys = new ArrayList<>(list(spec.getCacheKeyParameters()));
        list(mi.getCacheKeyParameters()).stream()
                .filter(k -> !cacheKeys.contains(k))
                .forEach(cacheKeys::add);
        strings(x, "cacheKeyParameters", cacheKeys);
        List<IntegrationResponse> responses = list(mi.getResponses());
        if (!responses.isEmpty()) {
            ObjectNode out = x.putObject("responses");
            for (IntegrationResponse r : responses) {
                ObjectNode resp = out.putObject(r.getSelectionPattern() == null ? "default" : r.getSelectionPattern());
                resp.put("statusCode", String.valueOf(r.getStatusCode()));
                putMap(resp, "responseParameters", sorted(r.getResponseParameters()));
                putMap(resp, "responseTemplates", sorted(r.getResponseTemplates()));
                if (r.getContentHandling() != null) {
                    resp.put("contentHandling", r.getContentHandling().name());
                }
            }
        }
        if (spec.getTls() != null) {
            ObjectNode tls = JSON.createObjectNode();
            if (Boolean.TRUE.equals(spec.getTls().getInsecureSkipVerify())) {
                tls.put("insecureSkipVerification", true);
            }
            if (spec.getTls().getServerName() != null) {
                tls.put("serverNameToVerify", spec.getTls().getServerName());
            }
            if (spec.getTls().getCaBundleSecretRef() != null || spec.getTls().getCaBundleConfigMapRef() != null) {
                messages.warning(where, "a CA bundle has no place in an AWS export and is left out");
            }
            if (!tls.isEmpty()) {
                x.set("tlsConfig", tls);
            }
        }
        if (spec.getConnection() != null) {
            messages.warning(where, "connection pool settings have no place in an AWS export and are left out");
        }
    }

    private String origin(IntegrationSpec spec, String where) {
        if (spec.getService() != null) {
            ServiceRef s = spec.getService();
            int port = s.getPort() != null ? s.getPort() : 80;
            if (s.getPort() == null) {
                messages.warning(where, "Service port name " + s.getPortName() + " is written as port 80");
            }
            boolean https = port == 443 || "https".equals(s.getPortName());
            String host = s.getNamespace() == null || s.getNamespace().equals(namespace)
                    ? s.getName()
                    : s.getName() + "." + s.getNamespace() + ".svc.cluster.local";
            boolean defaultPort = https ? port == 443 : port == 80;
            return (https ? "https://" : "http://") + host + (defaultPort ? "" : ":" + port);
        }
        if (spec.getUrl() == null) {
            messages.error(where, "the Integration has neither service nor url");
            return "";
        }
        Matcher m = Pattern.compile("((?:https?://)?[^/]+)(.*)").matcher(spec.getUrl());
        return m.matches() ? m.group(1) : spec.getUrl();
    }

    private static String basePath(IntegrationSpec spec) {
        if (spec.getUrl() == null) {
            return "";
        }
        Matcher m = Pattern.compile("((?:https?://)?[^/]+)(.*)").matcher(spec.getUrl());
        return m.matches() ? m.group(2) : "";
    }

    private static String joinPath(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (path.isEmpty()) {
            return b.isEmpty() ? "/" : b;
        }
        return b + (path.startsWith("/") ? path : "/" + path);
    }

    private String lambdaUri(LambdaTarget lambda, String where) {
        if (lambda == null || lambda.getFunctionName() == null) {
            messages.error(where, "the Lambda Integration has no function");
            return "";
        }
        String function = lambda.getFunctionName();
        String partition = "aws";
        String region = "us-east-1";
        Matcher m = LAMBDA_ARN.matcher(function);
        if (m.matches()) {
            partition = m.group(1);
            region = m.group(2);
        } else {
            messages.warning(
                    where,
                    "function " + function + " is not an ARN; the export names it in region us-east-1, account"
                            + " 000000000000");
            function = "arn:aws:lambda:us-east-1:000000000000:function:" + function;
        }
        if (lambda.getQualifier() != null) {
            function += ":" + lambda.getQualifier();
        }
        return "arn:" + partition + ":apigateway:" + region + ":lambda:path/2015-03-31/functions/" + function
                + "/invocations";
    }

    // ---- API-wide parts ------------------------------------------------------------------------------

    private void securitySchemes(ObjectNode doc, RestApiSpec spec) {
        ObjectNode schemes = JSON.createObjectNode();
        boolean apiKey = false;
        boolean iam = false;
        for (Resource r : list(spec.getResources())) {
            for (Method m : list(r.getMethods())) {
                apiKey |= Boolean.TRUE.equals(m.getApiKeyRequired());
                iam |= m.getAuthorizationType() == AuthorizationType.AWS_IAM;
            }
        }
        for (Route r : list(spec.getRoutes())) {
            apiKey |= Boolean.TRUE.equals(r.getApiKeyRequired());
            iam |= r.getAuthorizationType() == AuthorizationType.AWS_IAM;
        }
        if (apiKey) {
            ObjectNode s = schemes.putObject("api_key");
            s.put("type", "apiKey");
            s.put("name", "x-api-key");
            s.put("in", "header");
        }
        if (iam) {
            ObjectNode s = schemes.putObject("sigv4");
            s.put("type", "apiKey");
            s.put("name", "Authorization");
            s.put("in", "header");
            s.put(X + "authtype", "awsSigv4");
        }
        for (Authorizer a : list(spec.getAuthorizers())) {
            if (a.getName() == null || a.getType() == null) {
                messages.error("spec.authorizers", "an authorizer needs a name and a type");
                continue;
            }
            ObjectNode s = schemes.putObject(a.getName());
            String identity = a.getIdentitySource();
            String header = "Authorization";
            if (identity != null && identity.matches("(method\\.request|\\$request)\\.header\\.[^,\\s]+")) {
                header = identity.substring(identity.lastIndexOf('.') + 1);
            }
            if (a.getType() == AuthorizerType.JWT) {
                // As AWS exports JWT authorizers of HTTP APIs.
                s.put("type", "oauth2");
                s.putObject("flows");
            } else {
                s.put("type", "apiKey");
                s.put("name", header);
                s.put("in", "header");
            }
            if (!extensions) {
                continue;
            }
            if (a.getType() == AuthorizerType.TOKEN || a.getType() == AuthorizerType.REQUEST) {
                s.put(X + "authtype", "custom");
            } else if (a.getType() == AuthorizerType.COGNITO_USER_POOLS) {
                s.put(X + "authtype", "cognito_user_pools");
            }
            ObjectNode x = s.putObject(X + "authorizer");
            x.put("type", a.getType().name().toLowerCase(Locale.ROOT));
            if (a.getIntegrationRef() != null) {
                Integration i = integrations.get(a.getIntegrationRef());
                if (i == null || i.getSpec() == null || i.getSpec().getLambda() == null) {
                    messages.error(
                            "authorizer " + a.getName(),
                            "Integration " + a.getIntegrationRef() + " is not a Lambda Integration in " + namespace);
                } else {
                    x.put("authorizerUri", lambdaUri(i.getSpec().getLambda(), "authorizer " + a.getName()));
                }
            }
            if (identity != null) {
                x.put("identitySource", identity);
            }
            if (a.getIdentityValidationExpression() != null) {
                x.put("identityValidationExpression", a.getIdentityValidationExpression());
            }
            if (a.getResultTtlInSeconds() != null) {
                x.put("authorizerResultTtlInSeconds", a.getResultTtlInSeconds());
            }
            if (a.getJwt() != null) {
                if (a.getType() == AuthorizerType.COGNITO_USER_POOLS) {
                    Matcher m = COGNITO_ISSUER.matcher(
                            Objects.requireNonNullElse(a.getJwt().getIssuer(), ""));
                    if (m.matches()) {
                        x.putArray("providerARNs")
                                .add("arn:aws:cognito-idp:" + m.group(1) + ":000000000000:userpool/" + m.group(2));
                    } else {
                        messages.warning(
                                "authorizer " + a.getName(), "the issuer is not a Cognito user pool; left out");
                    }
                } else {
                    ObjectNode jwt = x.putObject("jwtConfiguration");
                    if (a.getJwt().getIssuer() != null) {
                        jwt.put("issuer", a.getJwt().getIssuer());
                    }
                    strings(jwt, "audience", a.getJwt().getAudiences());
                }
            }
        }
        if (schemes.isEmpty()) {
            return;
        }
        if (oas3()) {
            doc.with("components").set("securitySchemes", schemes);
        } else {
            doc.set("securityDefinitions", schemes);
        }
    }

    private void models(ObjectNode doc, RestApiSpec spec) {
        ObjectNode out = JSON.createObjectNode();
        for (Model m : list(spec.getModels())) {
            if (m.getName() == null) {
                messages.error("spec.models", "a model needs a name");
                continue;
            }
            JsonNode schema = JSON.valueToTree(m.getSchema() == null ? Map.of() : m.getSchema());
            rewriteRefs(schema);
            out.set(m.getName(), schema);
        }
        if (out.isEmpty()) {
            return;
        }
        if (oas3()) {
            doc.with("components").set("schemas", out);
        } else {
            doc.set("definitions", out);
        }
    }

    private void rewriteRefs(JsonNode node) {
        if (node.isObject()) {
            String name = OpenApiDocument.modelName(node.path("$ref").asText(null));
            if (name != null) {
                ((ObjectNode) node).put("$ref", ref(name));
            }
            node.forEach(this::rewriteRefs);
        } else if (node.isArray()) {
            node.forEach(this::rewriteRefs);
        }
    }

    private String ref(String model) {
        return (oas3() ? "#/components/schemas/" : "#/definitions/") + model;
    }

    private void apiExtensions(ObjectNode doc, RestApiSpec spec, boolean http) {
        if (http) {
            doc.put(X + "importexport-version", "1.0");
        }
        if (spec.getApiKeySource() != null) {
            doc.put(X + "api-key-source", spec.getApiKeySource().name());
        }
        strings(doc, X + "binary-media-types", spec.getBinaryMediaTypes());
        if (spec.getMinimumCompressionSize() != null) {
            doc.put(X + "minimum-compression-size", spec.getMinimumCompressionSize());
        }
        List<RequestValidator> validators = list(spec.getRequestValidators());
        if (!validators.isEmpty()) {
            ObjectNode v = doc.putObject(X + "request-validators");
            for (RequestValidator r : validators) {
                ObjectNode o = v.putObject(r.getName());
                o.put("validateRequestBody", Boolean.TRUE.equals(r.getValidateRequestBody()));
                o.put("validateRequestParameters", Boolean.TRUE.equals(r.getValidateRequestParameters()));
            }
        }
        List<GatewayResponse> responses = list(spec.getGatewayResponses());
        if (!responses.isEmpty()) {
            ObjectNode g = doc.putObject(X + "gateway-responses");
            for (GatewayResponse r : responses) {
                if (r.getType() == null) {
                    messages.error("spec.gatewayResponses", "a gateway response needs a type");
                    continue;
                }
                ObjectNode o = g.putObject(r.getType().name());
                if (r.getStatusCode() != null) {
                    o.put("statusCode", String.valueOf(r.getStatusCode()));
                }
                putMap(o, "responseParameters", sorted(r.getResponseParameters()));
                putMap(o, "responseTemplates", sorted(r.getResponseTemplates()));
            }
        }
        if (spec.getPolicy() != null) {
            ObjectNode p = doc.putObject(X + "policy");
            p.put("Version", "2012-10-17");
            ArrayNode statements = p.putArray("Statement");
            for (PolicyStatement s : list(spec.getPolicy().getStatements())) {
                if (s.getEffect() == null) {
                    messages.error("spec.policy", "a policy statement needs an effect");
                    continue;
                }
                ObjectNode o = statements.addObject();
                if (s.getSid() != null) {
                    o.put("Sid", s.getSid());
                }
                o.put("Effect", s.getEffect().name());
                if (s.getPrincipal() != null) {
                    if (s.getPrincipal().equals("*")) {
                        o.put("Principal", "*");
                    } else {
                        o.putObject("Principal").put("AWS", s.getPrincipal());
                    }
                }
                strings(o, "Action", s.getActions());
                strings(o, "Resource", s.getResources());
                if (s.getConditions() != null) {
                    if (s.getConditions().getSourceIps() != null) {
                        o.putObject("Condition")
                                .putObject("IpAddress")
                                .set(
                                        "aws:SourceIp",
                                        JSON.valueToTree(s.getConditions().getSourceIps()));
                    }
                    if (s.getConditions().getSourceNamespaces() != null) {
                        messages.warning(
                                "spec.policy", "sourceNamespaces has no AWS counterpart and is left out of the export");
                    }
                }
            }
        }
        Cors cors = spec.getCors();
        if (cors != null) {
            ObjectNode c = doc.putObject(X + "cors");
            strings(c, "allowOrigins", cors.getAllowOrigins());
            strings(c, "allowMethods", cors.getAllowMethods());
            strings(c, "allowHeaders", cors.getAllowHeaders());
            strings(c, "exposeHeaders", cors.getExposeHeaders());
            if (cors.getMaxAge() != null) {
                c.put("maxAge", cors.getMaxAge());
            }
            if (cors.getAllowCredentials() != null) {
                c.put("allowCredentials", cors.getAllowCredentials());
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void putMap(ObjectNode node, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode o = node.putObject(field);
            map.forEach(o::put);
        }
    }

    private static void strings(ObjectNode node, String field, List<String> list) {
        if (list != null && !list.isEmpty()) {
            ArrayNode a = node.putArray(field);
            list.forEach(a::add);
        }
    }

    private static <K, V> SortedMap<K, V> sorted(Map<K, V> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
