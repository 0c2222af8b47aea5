package dev.tollgate.compiler.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.crds.v1alpha1.ApiKeySource;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.AuthorizerType;
import dev.tollgate.crds.v1alpha1.AwsServiceTarget;
import dev.tollgate.crds.v1alpha1.BackendTls;
import dev.tollgate.crds.v1alpha1.ContentHandling;
import dev.tollgate.crds.v1alpha1.Cors;
import dev.tollgate.crds.v1alpha1.EndpointConfiguration;
import dev.tollgate.crds.v1alpha1.EndpointType;
import dev.tollgate.crds.v1alpha1.GatewayResponse;
import dev.tollgate.crds.v1alpha1.GatewayResponseType;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationResponse;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.JwtConfiguration;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.MethodResponse;
import dev.tollgate.crds.v1alpha1.Model;
import dev.tollgate.crds.v1alpha1.PassthroughBehavior;
import dev.tollgate.crds.v1alpha1.PolicyConditions;
import dev.tollgate.crds.v1alpha1.PolicyEffect;
import dev.tollgate.crds.v1alpha1.PolicyStatement;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.RequestValidator;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.ResourcePolicy;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an AWS API Gateway export (OpenAPI 3.0 or Swagger 2.0 with {@code x-amazon-apigateway-*}
 * extensions, JSON or YAML) into a RestApi, the Integrations its methods use and a Stage. Pure:
 * text in, resources and messages out. Nothing is dropped silently: what has a place in the
 * resources is carried (the compiler then says what is not served yet), what has none gets a
 * warning naming it, and bad input gives errors with their location and no resources.
 */
public final class OpenApiImporter {
    private static final String X = "x-amazon-apigateway-";
    private static final List<String> OPERATIONS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", X + "any-method");
    private static final Set<String> PATH_ITEM_FIELDS = Set.of("summary", "description", "servers", "parameters");
    private static final Set<String> OPERATION_FIELDS = Set.of(
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
            "consumes",
            "produces",
            "parameters",
            "requestBody",
            "responses",
            "callbacks",
            "deprecated",
            "security",
            "servers",
            "schemes",
            X + "integration",
            X + "request-validator",
            X + "auth");
    private static final Set<String> INTEGRATION_FIELDS = Set.of(
            "type",
            "uri",
            "httpMethod",
            "requestParameters",
            "requestTemplates",
            "passthroughBehavior",
            "contentHandling",
            "timeoutInMillis",
            "cacheNamespace",
            "cacheKeyParameters",
            "responses",
            "tlsConfig");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // A stage variable the resources use: ${stageVariables.x} in a URI, stageVariables.x as a mapping source.
    private static final Pattern STAGE_VARIABLE_USE = Pattern.compile("\\$\\{stageVariables\\.("
            + Grammar.STAGE_VARIABLE_NAME
            + ")}|(?<![A-Za-z0-9_$.{])stageVariables\\.("
            + Grammar.STAGE_VARIABLE_NAME
            + ")");
    private static final Pattern COGNITO_POOL_ARN =
            Pattern.compile("arn:aws[a-z-]*:cognito-idp:([^:]+):[^:]*:userpool/(.+)");

    private final ImportOptions options;
    private final String namespace;
    private final Messages messages = new Messages();
    private final Map<String, Integration> integrations = new LinkedHashMap<>();
    private final Map<String, String> integrationNames = new LinkedHashMap<>();
    // AWS services already warned about for going unsigned: once per service, not once per method.
    private final Set<String> unsignedServices = new TreeSet<>();
    private final Map<String, Scheme> schemes = new LinkedHashMap<>();
    private final Set<String> modelNames = new HashSet<>();
    private OpenApiDocument doc;
    private boolean httpApi;
    private String defaultValidator;
    private boolean warnedHttpApiDocs;

    private OpenApiImporter(ImportOptions options) {
        this.options = options;
        this.namespace = options.namespace() == null ? "default" : options.namespace();
    }

    /** Imports one document. */
    public static ImportResult importDocument(String text, ImportOptions options) {
        return new OpenApiImporter(options).run(text);
    }

    /** How a security scheme authorizes: by API key, IAM, or a named authorizer. */
    private record Scheme(AuthorizationType type, String authorizerName, boolean apiKey) {}

    private ImportResult run(String text) {
        checkOptions();
        if (messages.hasErrors()) {
            return new ImportResult(List.of(), messages.list());
        }
        doc = OpenApiDocument.parse(text, messages);
        if (doc == null) {
            return new ImportResult(List.of(), messages.list());
        }
        JsonNode root = doc.root();
        httpApi = isHttpApi(root);
        if (!httpApi && options.stageName().equals(Grammar.DEFAULT_STAGE)) {
            messages.error("--stage", "only HTTP APIs have a $default stage; name the REST API's stage");
            return new ImportResult(List.of(), messages.list());
        }
        String title = root.path("info").path("title").asText("");
        String apiName = options.apiName() != null ? options.apiName() : slug(title, "api");
        RestApiSpec spec = new RestApiSpec();
        spec.setProtocolType(httpApi ? ProtocolType.HTTP : ProtocolType.REST);
        String description = root.path("info").path("description").asText(null);
        spec.setDescription(description == null || description.isEmpty() ? null : description);
        topLevel(root, spec);
        models(root, spec);
        securitySchemes(root, spec);
        paths(root, spec);
        if (messages.hasErrors()) {
            return new ImportResult(List.of(), messages.list());
        }
        List<HasMetadata> out = new ArrayList<>();
        RestApi api = new RestApi();
        api.setMetadata(meta(apiName));
        api.setSpec(spec);
        out.add(api);
        new TreeMap<>(integrations).values().forEach(out::add);
        missingStageVariables(out);
        Stage stage = new Stage();
        stage.setMetadata(meta(slug(apiName + "-" + options.stageName(), "stage")));
        StageSpec stageSpec = new StageSpec();
        stageSpec.setRestApiRef(apiName);
        stageSpec.setStageName(options.stageName());
        stageSpec.setVariables(options.stageVariables().isEmpty() ? null : new TreeMap<>(options.stageVariables()));
        stage.setSpec(stageSpec);
        out.add(stage);
        return new ImportResult(out, messages.list());
    }

    // The same rules the CRDs enforce, so what is written also applies with kubectl.
    private void checkOptions() {
        String dns = Grammar.DNS_LABEL;
        if (!options.stageName().matches(Grammar.STAGE_NAME_OR_DEFAULT)) {
            messages.error("--stage", "stage name " + options.stageName() + " is not [A-Za-z0-9_-]+ or $default");
        }
        if (options.apiName() != null
                && !(options.apiName().matches(dns) && options.apiName().length() <= 63)) {
            messages.error("--name", options.apiName() + " is not a Kubernetes name (lowercase letters, digits, -)");
        }
        if (options.namespace() != null && !options.namespace().matches(dns)) {
            messages.error("--namespace", options.namespace() + " is not a Kubernetes namespace name");
        }
        options.stageVariables().forEach((k, v) -> {
            if (!k.matches(Grammar.STAGE_VARIABLE_NAME) || !v.matches(Grammar.STAGE_VARIABLE_VALUE)) {
                messages.error(
                        "--stage-variable " + k,
                        "stage variable names are [A-Za-z0-9_]+ and values [A-Za-z0-9-._~:/?#&=,]+, as AWS requires");
            }
        });
    }

    // AWS exports carry no stage variable values: name each one the resources use but the
    // options do not give, so the user knows which --stage-variable flags to add.
    private void missingStageVariables(List<HasMetadata> resources) {
        String text = ResourceYaml.write(resources);
        Matcher m = STAGE_VARIABLE_USE.matcher(text);
        SortedSet<String> missing = new TreeSet<>();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!options.stageVariables().containsKey(name)) {
                missing.add(name);
            }
        }
        for (String name : missing) {
            messages.warning(
                    "--stage-variable " + name,
                    "the API uses stage variable " + name + ", which AWS exports do not carry; pass"
                            + " --stage-variable " + name + "=VALUE");
        }
    }

    private ObjectMeta meta(String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(options.namespace());
        return meta;
    }

    private static boolean isHttpApi(JsonNode root) {
        if (root.has(X + "importexport-version") || root.has(X + "cors")) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("/$default")) {
                return true;
            }
            for (JsonNode op : e.getValue()) {
                if (op.path(X + "integration").has("payloadFormatVersion")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- API-wide extensions -------------------------------------------------------------------

    private void topLevel(JsonNode root, RestApiSpec spec) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String at = Messages.at("/", key);
            if (!key.startsWith(X)) {
                if (key.equals("servers")) {
                    for (int i = 0; v.isArray() && i < v.size(); i++) {
                        JsonNode ec = v.get(i).get(X + "endpoint-configuration");
                        if (ec != null) {
                            endpointConfiguration(ec, at + "/" + i + "/" + X + "endpoint-configuration", spec);
                        }
                    }
                }
                continue;
            }
            switch (key.substring(X.length())) {
                case "api-key-source" -> {
                    String s = v.asText("").toUpperCase(Locale.ROOT);
                    if (s.equals("HEADER") || s.equals("AUTHORIZER")) {
                        spec.setApiKeySource(ApiKeySource.valueOf(s));
                    } else {
                        messages.error(at, "api key source must be HEADER or AUTHORIZER, not " + v);
                    }
                }
                case "binary-media-types" -> spec.setBinaryMediaTypes(strings(v, at));
                case "minimum-compression-size" -> {
                    if (v.canConvertToInt() && v.asInt() >= 0 && v.asInt() <= 10485760) {
                        spec.setMinimumCompressionSize(v.asInt());
                    } else {
                        messages.error(at, "minimum compression size must be 0..10485760, not " + v);
                    }
                }
                case "endpoint-configuration" -> endpointConfiguration(v, at, spec);
                case "gateway-responses" -> gatewayResponses(v, at, spec);
                case "policy" -> policy(v, at, spec);
                case "request-validators" -> requestValidators(v, at, spec);
                case "request-validator" -> defaultValidator = v.asText(null);
                case "cors" -> cors(v, at, spec);
                case "importexport-version" -> {
                    // Marks an HTTP API export; nothing to carry.
                }
                default -> messages.warning(at, key + " has no place in the resources and is not imported");
            }
        }
    }

    private void endpointConfiguration(JsonNode v, String at, RestApiSpec spec) {
        EndpointConfiguration ec =
                spec.getEndpointConfiguration() == null ? new EndpointConfiguration() : spec.getEndpointConfiguration();
        if (v.has("types")) {
            List<EndpointType> types = new ArrayList<>();
            for (String t : strings(v.get("types"), at + "/types")) {
                try {
                    types.add(EndpointType.valueOf(t.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    messages.error(at + "/types", "endpoint type must be EDGE, REGIONAL or PRIVATE, not " + t);
                }
            }
            ec.setTypes(types);
        }
        if (v.has("vpcEndpointIds")) {
            ec.setVpcEndpointIds(strings(v.get("vpcEndpointIds"), at + "/vpcEndpointIds"));
            messages.warning(
                    at + "/vpcEndpointIds",
                    "VPC endpoint ids have no Kubernetes meaning; they are kept in"
                            + " spec.endpointConfiguration.vpcEndpointIds and have no effect");
        }
        if (v.has("disableExecuteApiEndpoint")) {
            spec.setDisableExecuteApiEndpoint(v.get("disableExecuteApiEndpoint").asBoolean() ? Boolean.TRUE : null);
        }
        if (ec.getTypes() != null || ec.getVpcEndpointIds() != null) {
            spec.setEndpointConfiguration(ec);
        }
    }

    private void gatewayResponses(JsonNode v, String at, RestApiSpec spec) {
        List<GatewayResponse> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String rat = Messages.at(at, e.getKey());
            GatewayResponse r = new GatewayResponse();
            try {
                r.setType(GatewayResponseType.valueOf(e.getKey()));
            } catch (IllegalArgumentException ex) {
                messages.error(rat, e.getKey() + " is not an AWS gateway response type");
                continue;
            }
            if (e.getValue().has("statusCode")) {
                r.setStatusCode(status(e.getValue().get("statusCode"), rat + "/statusCode"));
            }
            r.setResponseParameters(stringMap(e.getValue().get("responseParameters"), rat + "/responseParameters"));
            r.setResponseTemplates(stringMap(e.getValue().get("responseTemplates"), rat + "/responseTemplates"));
            out.add(r);
        }
        spec.setGatewayResponses(out.isEmpty() ? null : out);
    }

    private void policy(JsonNode v, String at, RestApiSpec spec) {
        JsonNode statements = v.path("Statement");
        if (statements.isObject()) {
            statements = MAPPER.createArrayNode().add(statements);
        }
        if (!statements.isArray() || statements.isEmpty()) {
            messages.error(at, "a policy needs a Statement list");
            return;
        }
        List<PolicyStatement> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            JsonNode s = statements.get(i);
            String sat = at + "/Statement/" + i;
            PolicyStatement ps = new PolicyStatement();
            ps.setSid(s.path("Sid").asText(null));
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                messages.error(sat + "/Effect", "Effect must be Allow or Deny, not " + effect);
                continue;
            }
            ps.setEffect(PolicyEffect.valueOf(effect));
            JsonNode principal = s.path("Principal");
            if (principal.isTextual()) {
                ps.setPrincipal(principal.asText());
            } else if (principal.isObject() && principal.size() == 1 && principal.has("AWS")) {
                List<String> aws = strings(principal.get("AWS"), sat + "/Principal/AWS");
                ps.setPrincipal(aws.isEmpty() ? null : aws.get(0));
                if (aws.size() > 1) {
                    messages.warning(sat + "/Principal/AWS", "only the first AWS principal is kept: " + aws.get(0));
                }
                if (!aws.isEmpty() && !aws.get(0).equals("*")) {
                    messages.warning(
                            sat + "/Principal",
                            "IAM principals have no Kubernetes meaning; kept in spec.policy for reference");
                }
            } else if (!principal.isMissingNode()) {
                messages.warning(sat + "/Principal", "principal " + principal + " has no place and is not imported");
            }
            ps.setActions(strings(s.path("Action"), sat + "/Action"));
            ps.setResources(strings(s.path("Resource"), sat + "/Resource"));
            JsonNode condition = s.path("Condition");
            for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                String cat = Messages.at(sat + "/Condition", c.getKey());
                if (c.getKey().equals("IpAddress") && c.getValue().has("aws:SourceIp")) {
                    PolicyConditions pc = new PolicyConditions();
                    pc.setSourceIps(strings(c.getValue().get("aws:SourceIp"), cat + "/aws:SourceIp"));
                    ps.setConditions(pc);
                    if (c.getValue().size() > 1) {
                        messages.warning(cat, "only aws:SourceIp of this condition is imported");
                    }
                } else {
                    messages.warning(
                            cat,
                            "condition " + c.getKey() + " has no place in the resources and is not"
                                    + " imported (only IpAddress aws:SourceIp is)");
                }
            }
            out.add(ps);
        }
        ResourcePolicy policy = new ResourcePolicy();
        policy.setStatements(out);
        spec.setPolicy(policy);
    }

    private void requestValidators(JsonNode v, String at, RestApiSpec spec) {
        List<RequestValidator> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            RequestValidator r = new RequestValidator();
            r.setName(e.getKey());
            r.setValidateRequestBody(
                    e.getValue().path("validateRequestBody").asBoolean() ? Boolean.TRUE : Boolean.FALSE);
            r.setValidateRequestParameters(
                    e.getValue().path("validateRequestParameters").asBoolean() ? Boolean.TRUE : Boolean.FALSE);
            out.add(r);
        }
        spec.setRequestValidators(out.isEmpty() ? null : out);
    }

    private void cors(JsonNode v, String at, RestApiSpec spec) {
        Cors cors = new Cors();
        cors.setAllowOrigins(strings(v.get("allowOrigins"), at + "/allowOrigins"));
        cors.setAllowMethods(strings(v.get("allowMethods"), at + "/allowMethods"));
        cors.setAllowHeaders(strings(v.get("allowHeaders"), at + "/allowHeaders"));
        cors.setExposeHeaders(strings(v.get("exposeHeaders"), at + "/exposeHeaders"));
        if (v.has("maxAge")) {
            if (v.get("maxAge").canConvertToInt()
                    && v.get("maxAge").asInt() >= 0
                    && v.get("maxAge").asInt() <= 86400) {
                cors.setMaxAge(v.get("maxAge").asInt());
            } else {
                messages.error(at + "/maxAge", "maxAge must be within 0..86400 seconds, not " + v.get("maxAge"));
            }
        }
        if (v.has("allowCredentials")) {
            cors.setAllowCredentials(v.get("allowCredentials").asBoolean());
        }
        spec.setCors(cors);
    }

    // ---- models and security schemes --------------------------------------------------------------

    private void models(JsonNode root, RestApiSpec spec) {
        boolean oas3 = doc.version() == OpenApiDocument.Version.OPENAPI_3;
        JsonNode schemas = oas3 ? root.path("components").path("schemas") : root.path("definitions");
        String base = oas3 ? "/components/schemas" : "/definitions";
        List<Model> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!name.matches(Grammar.MODEL_NAME)) {
                messages.error(Messages.at(base, name), "model name " + name + " is not [A-Za-z0-9]+, as AWS requires");
                continue;
            }
            if (!e.getValue().isObject()) {
                messages.error(Messages.at(base, name), "a model schema is a mapping");
                continue;
            }
            Model m = new Model();
            m.setName(name);
            m.setContentType("application/json");
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = MAPPER.convertValue(normaliseRefs(e.getValue()), LinkedHashMap.class);
            m.setSchema(schema);
            modelNames.add(name);
            out.add(m);
        }
        spec.setModels(out.isEmpty() ? null : out);
    }

    /** Schema references between models, in one form whatever the document's flavour. */
    private static JsonNode normaliseRefs(JsonNode node) {
        JsonNode copy = node.deepCopy();
        rewriteRefs(copy);
        return copy;
    }

    private static void rewriteRefs(JsonNode node) {
        if (node.isObject()) {
            String name = OpenApiDocument.modelName(node.path("$ref").asText(null));
            if (name != null) {
                ((ObjectNode) node).put("$ref", "#/definitions/" + name);
            }
            node.forEach(OpenApiImporter::rewriteRefs);
        } else if (node.isArray()) {
            node.forEach(OpenApiImporter::rewriteRefs);
        }
    }

    private void securitySchemes(JsonNode root, RestApiSpec spec) {
        boolean oas3 = doc.version() == OpenApiDocument.Version.OPENAPI_3;
        JsonNode all = oas3 ? root.path("components").path("securitySchemes") : root.path("securityDefinitions");
        String base = oas3 ? "/components/securitySchemes" : "/securityDefinitions";
        List<Authorizer> authorizers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = Messages.at(base, e.getKey());
            JsonNode s = doc.deref(e.getValue(), at, messages);
            if (s == null) {
                continue;
            }
            String authType = s.path(X + "authtype").asText("").toLowerCase(Locale.ROOT);
            JsonNode authorizer = s.get(X + "authorizer");
            if (authorizer != null) {
                Authorizer a = authorizer(e.getKey(), authorizer, Messages.at(at, X + "authorizer"), s);
                if (a != null) {
                    authorizers.add(a);
                    AuthorizationType t =
                            switch (a.getType()) {
                                case TOKEN, REQUEST -> AuthorizationType.CUSTOM;
                                case COGNITO_USER_POOLS -> AuthorizationType.COGNITO_USER_POOLS;
                                case JWT -> AuthorizationType.JWT;
                            };
                    schemes.put(e.getKey(), new Scheme(t, a.getName(), false));
                }
            } else if (authType.equals("awssigv4") || authType.equals("aws_iam")) {
                schemes.put(e.getKey(), new Scheme(AuthorizationType.AWS_IAM, null, false));
            } else if (s.path("type").asText().equals("apiKey")
                    && s.path("in").asText().equals("header")
                    && s.path("name").asText().equalsIgnoreCase("x-api-key")) {
                schemes.put(e.getKey(), new Scheme(AuthorizationType.NONE, null, true));
            } else {
                messages.warning(
                        at,
                        "security scheme " + e.getKey() + " is neither x-api-key, IAM (x-amazon-apigateway-authtype"
                                + " awsSigv4) nor an x-amazon-apigateway-authorizer; methods using it are imported"
                                + " without authorization");
            }
        }
        spec.setAuthorizers(authorizers.isEmpty() ? null : authorizers);
    }

    private Authorizer authorizer(String name, JsonNode v, String at, JsonNode scheme) {
        if (!name.matches(Grammar.AUTHORIZER_NAME)) {
            messages.error(at, "authorizer name " + name + " is not [A-Za-z0-9_.-]+");
            return null;
        }
        Authorizer a = new Authorizer();
        a.setName(name);
        String type = v.path("type").asText("").toLowerCase(Locale.ROOT);
        switch (type) {
            case "token" -> a.setType(AuthorizerType.TOKEN);
            case "request" -> a.setType(AuthorizerType.REQUEST);
            case "cognito_user_pools" -> a.setType(AuthorizerType.COGNITO_USER_POOLS);
            case "jwt" -> a.setType(AuthorizerType.JWT);
            default -> {
                messages.error(at + "/type", "authorizer type must be token, request, cognito_user_pools or jwt");
                return null;
            }
        }
        JsonNode identity = v.get("identitySource");
        if (identity != null) {
            a.setIdentitySource(identity.isArray() ? String.join(", ", strings(identity, at)) : identity.asText());
        } else if (a.getType() == AuthorizerType.TOKEN
                && scheme.path("in").asText().equals("header")) {
            a.setIdentitySource("method.request.header." + scheme.path("name").asText("Authorization"));
        }
        a.setIdentityValidationExpression(v.path("identityValidationExpression").asText(null));
        if (v.has("authorizerResultTtlInSeconds")) {
            JsonNode ttl = v.get("authorizerResultTtlInSeconds");
            if (ttl.canConvertToInt() && ttl.asInt() >= 0 && ttl.asInt() <= 3600) {
                a.setResultTtlInSeconds(ttl.asInt());
            } else {
                messages.error(at + "/authorizerResultTtlInSeconds", "must be within 0..3600, not " + ttl);
            }
        }
        if (v.has("authorizerUri")) {
            String uri = v.get("authorizerUri").asText();
            IntegrationTarget target = IntegrationTarget.aws(uri);
            if (target instanceof IntegrationTarget.Lambda lambda) {
                a.setIntegrationRef(integration(IntegrationType.LAMBDA, null, lambda, null, at + "/authorizerUri"));
            } else {
                messages.error(at + "/authorizerUri", "authorizerUri " + uri + " is not a Lambda function");
            }
        }
        if (v.has("authorizerCredentials")) {
            messages.warning(
                    at + "/authorizerCredentials",
                    "authorizerCredentials (an IAM role) has no Kubernetes meaning and is not imported");
        }
        JsonNode jwt = v.get("jwtConfiguration");
        if (jwt != null) {
            JwtConfiguration j = new JwtConfiguration();
            j.setIssuer(jwt.path("issuer").asText(null));
            j.setAudiences(strings(jwt.get("audience"), at + "/jwtConfiguration/audience"));
            a.setJwt(j);
        }
        JsonNode providers = v.get("providerARNs");
        if (providers != null) {
            List<String> arns = strings(providers, at + "/providerARNs");
            if (!arns.isEmpty()) {
                // arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID issues tokens as this URL.
                Matcher m = COGNITO_POOL_ARN.matcher(arns.get(0));
                if (m.matches()) {
                    JwtConfiguration j = new JwtConfiguration();
                    j.setIssuer("https://cognito-idp." + m.group(1) + ".amazonaws.com/" + m.group(2));
                    a.setJwt(j);
                } else {
                    messages.error(at + "/providerARNs/0", arns.get(0) + " is not a Cognito user pool ARN");
                }
                if (arns.size() > 1) {
                    messages.warning(at + "/providerARNs", "only the first user pool is imported: " + arns.get(0));
                }
            }
        }
        for (String f : List.of("authorizerPayloadFormatVersion", "enableSimpleResponses")) {
            if (v.has(f)) {
                messages.warning(Messages.at(at, f), f + " has no place in the resources and is not imported");
            }
        }
        return a;
    }

    // ---- paths and methods -----------------------------------------------------------------------

    /** The resource path prefix the document's base path gives under the {@code basepath} option. */
    private String basePrefix(JsonNode root) {
        if (httpApi || options.basePath() == ImportOptions.BasePath.IGNORE) {
            return "";
        }
        String base = root.path("basePath").asText("");
        JsonNode server = root.path("servers").path(0);
        if (base.isEmpty() && server.has("url")) {
            String url = server.path("url").asText("");
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            server.path("variables").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                url = url.replace(
                        "{" + v.getKey() + "}", v.getValue().path("default").asText(""));
            }
            Matcher m = Pattern.compile("^(?:[a-z]+://[^/]*)?(/[^?#]*)?").matcher(url);
            base = m.find() && m.group(1) != null ? m.group(1) : "";
        }
        List<String> segments = new ArrayList<>();
        for (String s : base.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (options.basePath() == ImportOptions.BasePath.SPLIT && !segments.isEmpty()) {
            segments.remove(0);
        }
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    private void paths(JsonNode root, RestApiSpec spec) {
        String prefix = basePrefix(root);
        List<Resource> resources = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            String at = Messages.at("/paths", path);
            JsonNode item = doc.deref(e.getValue(), at, messages);
            if (item == null) {
                continue;
            }
            if (!path.startsWith("/")) {
                messages.error(at, "path " + path + " does not start with /");
                continue;
            }
            List<Method> methods = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> ops = item.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String key = op.getKey();
                String oat = Messages.at(at, key);
                if (PATH_ITEM_FIELDS.contains(key)) {
                    continue;
                }
                if (!OPERATIONS.contains(key)) {
                    messages.warning(oat, key + " is not a method AWS serves and is not imported");
                    continue;
                }
                HttpMethod method =
                        key.startsWith(X) ? HttpMethod.ANY : HttpMethod.valueOf(key.toUpperCase(Locale.ROOT));
                JsonNode operation = op.getValue();
                if (httpApi) {
                    Route r = route(path, method, operation, oat);
                    if (r != null) {
                        routes.add(r);
                    }
                } else {
                    Method m = method(method, operation, oat, item.path("parameters"), at);
                    if (m != null) {
                        methods.add(m);
                    }
                }
            }
            if (!httpApi) {
                Resource r = new Resource();
                r.setPath(prefix.isEmpty() ? path : path.equals("/") ? prefix : prefix + path);
                r.setMethods(methods.isEmpty() ? null : methods);
                resources.add(r);
            }
        }
        spec.setResources(resources.isEmpty() ? null : resources);
        spec.setRoutes(routes.isEmpty() ? null : routes);
    }

    private Method method(HttpMethod httpMethod, JsonNode op, String at, JsonNode shared, String pathAt) {
        Method m = new Method();
        m.setHttpMethod(httpMethod);
        m.setOperationName(op.path("operationId").asText(null));
        unknownExtensions(op, at, OPERATION_FIELDS);
        SortedMap<String, Boolean> parameters = new TreeMap<>();
        SortedMap<String, String> requestModels = new TreeMap<>();
        parameters(shared, pathAt + "/parameters", parameters, requestModels, op);
        parameters(op.path("parameters"), at + "/parameters", parameters, requestModels, op);
        JsonNode body = op.get("requestBody");
        if (body != null) {
            JsonNode resolved = doc.deref(body, at + "/requestBody", messages);
            if (resolved != null) {
                content(resolved.path("content"), at + "/requestBody/content", requestModels);
            }
        }
        m.setRequestParameters(parameters.isEmpty() ? null : parameters);
        m.setRequestModels(requestModels.isEmpty() ? null : requestModels);
        m.setMethodResponses(methodResponses(op, at));
        String validator = op.path(X + "request-validator").asText(defaultValidator);
        m.setRequestValidator(validator);
        security(
                op, at, m::setAuthorizationType, m::setAuthorizerName, m::setAuthorizationScopes, m::setApiKeyRequired);
        if (op.path(X + "auth").path("type").asText("").equalsIgnoreCase("AWS_IAM")) {
            m.setAuthorizationType(AuthorizationType.AWS_IAM);
        }
        JsonNode integration = op.get(X + "integration");
        if (integration == null) {
            messages.error(
                    at,
                    "no x-amazon-apigateway-integration: export the API with its integrations (AWS console: Export"
                            + " with API Gateway extensions)");
            return null;
        }
        m.setIntegration(methodIntegration(integration, at + "/" + X + "integration", httpMethod, false));
        return m;
    }

    private Route route(String path, HttpMethod httpMethod, JsonNode op, String at) {
        Route r = new Route();
        r.setRouteKey(path.equals("/$default") ? "$default" : httpMethod.name() + " " + path);
        r.setOperationName(op.path("operationId").asText(null));
        unknownExtensions(op, at, OPERATION_FIELDS);
        if (!warnedHttpApiDocs && (op.has("parameters") || op.has("requestBody") || op.has(X + "request-validator"))) {
            warnedHttpApiDocs = true;
            messages.warning(
                    at,
                    "HTTP APIs do not validate requests: parameters, request bodies and validators of routes are"
                            + " documentation and are not imported");
        }
        security(
                op, at, r::setAuthorizationType, r::setAuthorizerName, r::setAuthorizationScopes, r::setApiKeyRequired);
        JsonNode integration = op.get(X + "integration");
        if (integration == null) {
            messages.error(at, "no x-amazon-apigateway-integration: export the API with its integrations");
            return null;
        }
        r.setIntegration(methodIntegration(
                integration,
                at + "/" + X + "integration",
                httpMethod,
                r.getRouteKey().equals("$default")));
        return r;
    }

    private void unknownExtensions(JsonNode op, String at, Set<String> known) {
        for (Iterator<String> it = op.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.startsWith(X) && !known.contains(f)) {
                messages.warning(Messages.at(at, f), f + " has no place in the resources and is not imported");
            }
        }
    }

    private void parameters(
            JsonNode list, String at, SortedMap<String, Boolean> out, SortedMap<String, String> models, JsonNode op) {
        if (!list.isMissingNode() && !list.isArray()) {
            messages.error(at, "parameters is a list");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String pat = at + "/" + i;
            JsonNode p = doc.deref(list.get(i), pat, messages);
            if (p == null) {
                continue;
            }
            String name = p.path("name").asText("");
            String in = p.path("in").asText("");
            boolean required = p.path("required").asBoolean(false);
            switch (in) {
                case "path" -> out.put("method.request.path." + name, true);
                case "query" -> out.put("method.request.querystring." + name, required);
                case "header" -> out.put("method.request.header." + name, required);
                case "body" -> {
                    String model = schemaModel(p.path("schema"), pat + "/schema");
                    if (model != null) {
                        for (String ct : consumes(op)) {
                            models.put(ct, model);
                        }
                    }
                }
                default ->
                    messages.warning(
                            pat, "parameters in " + in + " have no place in the resources and are not imported");
            }
        }
    }

    private List<String> consumes(JsonNode op) {
        JsonNode c = op.has("consumes") ? op.get("consumes") : doc.root().get("consumes");
        List<String> out = c == null ? List.of() : strings(c, "/consumes");
        return out.isEmpty() ? List.of("application/json") : out;
    }

    private List<String> produces(JsonNode op) {
        JsonNode c = op.has("produces") ? op.get("produces") : doc.root().get("produces");
        List<String> out = c == null ? List.of() : strings(c, "/produces");
        return out.isEmpty() ? List.of("application/json") : out;
    }

    private void content(JsonNode content, String at, SortedMap<String, String> models) {
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String model = schemaModel(e.getValue().path("schema"), Messages.at(at, e.getKey()) + "/schema");
            if (model != null) {
                models.put(e.getKey(), model);
            }
        }
    }

    /** The model a schema names by $ref; inline schemas get a warning (AWS exports always refer). */
    private String schemaModel(JsonNode schema, String at) {
        if (schema.isMissingNode()) {
            return null;
        }
        String name = OpenApiDocument.modelName(schema.path("$ref").asText(null));
        if (name == null || !modelNames.contains(name)) {
            messages.warning(
                    at, "an inline schema is not imported as a model; move it to the models and refer to it with $ref");
            return null;
        }
        return name;
    }

    private List<MethodResponse> methodResponses(JsonNode op, String at) {
        List<MethodResponse> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String rat = Messages.at(at + "/responses", e.getKey());
            if (e.getKey().equals("default")
                    && e.getValue().size() == 1
                    && e.getValue().has("description")) {
                continue; // Documentation only: OpenAPI wants a response, AWS declares none.
            }
            if (!e.getKey().matches("[1-5][0-9][0-9]")) {
                messages.warning(rat, "response " + e.getKey() + " is not a status code; AWS declares one per status");
                continue;
            }
            JsonNode r = doc.deref(e.getValue(), rat, messages);
            if (r == null) {
                continue;
            }
            MethodResponse mr = new MethodResponse();
            mr.setStatusCode(Integer.parseInt(e.getKey()));
            SortedMap<String, Boolean> headers = new TreeMap<>();
            for (Iterator<String> h = r.path("headers").fieldNames(); h.hasNext(); ) {
                headers.put("method.response.header." + h.next(), false);
            }
            mr.setResponseParameters(headers.isEmpty() ? null : headers);
            SortedMap<String, String> models = new TreeMap<>();
            if (r.has("content")) {
                content(r.get("content"), rat + "/content", models);
            } else if (r.has("schema")) {
                String model = schemaModel(r.get("schema"), rat + "/schema");
                if (model != null) {
                    for (String ct : produces(op)) {
                        models.put(ct, model);
                    }
                }
            }
            mr.setResponseModels(models.isEmpty() ? null : models);
            out.add(mr);
        }
        return out.isEmpty() ? null : out;
    }

    private void security(
            JsonNode op,
            String at,
            Consumer<AuthorizationType> type,
            Consumer<String> authorizer,
            Consumer<List<String>> scopes,
            Consumer<Boolean> apiKey) {
        JsonNode security = op.has("security") ? op.get("security") : doc.root().get("security");
        String sat = op.has("security") ? at + "/security" : "/security";
        if (security == null) {
            return;
        }
        if (!security.isArray()) {
            messages.error(sat, "security is a list of requirement mappings");
            return;
        }
        AuthorizationType chosen = null;
        for (int i = 0; i < security.size(); i++) {
            for (Iterator<Map.Entry<String, JsonNode>> it = security.get(i).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String eat = sat + "/" + i + "/" + e.getKey();
                Scheme s = schemes.get(e.getKey());
                if (s == null) {
                    messages.error(eat, "no security scheme named " + e.getKey());
                    continue;
                }
                if (s.apiKey()) {
                    apiKey.accept(Boolean.TRUE);
                    continue;
                }
                if (chosen != null) {
                    messages.warning(eat, "a method has one authorizer; " + e.getKey() + " is not imported");
                    continue;
                }
                chosen = s.type();
                type.accept(s.type());
                authorizer.accept(s.authorizerName());
                List<String> list = strings(e.getValue(), eat);
                scopes.accept(list.isEmpty() ? null : list);
            }
        }
    }

    // ---- integrations ----------------------------------------------------------------------------

    /**
     * @param defaultRoute the HTTP API's $default route: AWS sends it the whole request path when
     *     the URI has none, which is what no {@code path} says
     */
    private MethodIntegration methodIntegration(JsonNode raw, String at, HttpMethod httpMethod, boolean defaultRoute) {
        JsonNode v = doc.deref(raw, at, messages);
        MethodIntegration mi = new MethodIntegration();
        if (v == null) {
            return mi;
        }
        String type = v.path("type").asText("").toLowerCase(Locale.ROOT);
        String uri = v.path("uri").asText(null);
        BackendTls tls = tls(v.get("tlsConfig"), at + "/tlsConfig");
        switch (type) {
            case "mock" -> mi.setIntegrationRef(integration(IntegrationType.MOCK, null, null, null, at));
            case "http", "http_proxy" -> {
                if (uri == null) {
                    messages.error(at + "/uri", "an " + type + " integration needs a uri");
                    return mi;
                }
                String[] problem = new String[1];
                IntegrationTarget target = IntegrationTarget.http(uri, namespace, options.clusterNamespaces(), problem);
                if (target == null) {
                    messages.error(at + "/uri", problem[0]);
                    return mi;
                }
                String backendMethod = v.path("httpMethod").asText("ANY").toUpperCase(Locale.ROOT);
                // Sending the method's own method is what ANY does; saying so keeps one Integration.
                if (backendMethod.equals(httpMethod.name())) {
                    backendMethod = "ANY";
                }
                HttpMethod bm;
                try {
                    bm = HttpMethod.valueOf(backendMethod);
                } catch (IllegalArgumentException e) {
                    messages.error(at + "/httpMethod", backendMethod + " is not an HTTP method AWS sends");
                    return mi;
                }
                IntegrationType t = type.equals("http") ? IntegrationType.HTTP : IntegrationType.HTTP_PROXY;
                mi.setIntegrationRef(integration(t, bm, target, tls, at));
                mi.setPath(
                        target instanceof IntegrationTarget.Url u
                                ? u.path()
                                : ((IntegrationTarget.Service) target).path());
                if (defaultRoute && !uri.matches("[^:]+://[^/]+/.*|\\$\\{[^}]+}/.*")) {
                    mi.setPath(null);
                }
            }
            case "aws", "aws_proxy" -> {
                IntegrationTarget target = uri == null ? null : IntegrationTarget.aws(uri);
                if (target == null) {
                    messages.error(
                            at + "/uri", "uri " + uri + " is neither a Lambda function nor an AWS service action");
                    return mi;
                }
                IntegrationType t = target instanceof IntegrationTarget.Lambda
                        ? (type.equals("aws") ? IntegrationType.LAMBDA : IntegrationType.LAMBDA_PROXY)
                        : IntegrationType.AWS;
                HttpMethod bm = null;
                if (t == IntegrationType.AWS) {
                    try {
                        bm = HttpMethod.valueOf(
                                v.path("httpMethod").asText("POST").toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        messages.error(at + "/httpMethod", v.path("httpMethod").asText() + " is not an HTTP method");
                        return mi;
                    }
                }
                mi.setIntegrationRef(integration(t, bm, target, null, at));
            }
            default -> {
                messages.error(
                        at + "/type",
                        "integration type must be http, http_proxy, mock, aws or aws_proxy, not "
                                + v.path("type").asText(""));
                return mi;
            }
        }
        // An HTTP API's append:/overwrite:/remove: keys are served as they are written.
        mi.setRequestParameters(stringMap(v.get("requestParameters"), at + "/requestParameters"));
        if (httpApi) {
            mi.setResponseParameters(
                    httpApiResponseParameters(v.get("responseParameters"), at + "/responseParameters"));
        }
        mi.setRequestTemplates(stringMap(v.get("requestTemplates"), at + "/requestTemplates"));
        if (v.has("passthroughBehavior")) {
            try {
                PassthroughBehavior pb = PassthroughBehavior.valueOf(
                        v.get("passthroughBehavior").asText().toUpperCase(Locale.ROOT));
                // AWS exports its default on every method; only a choice is worth writing.
                mi.setPassthroughBehavior(pb == PassthroughBehavior.WHEN_NO_MATCH ? null : pb);
            } catch (IllegalArgumentException e) {
                messages.error(
                        at + "/passthroughBehavior",
                        "passthroughBehavior must be when_no_match," + " when_no_templates or never");
            }
        }
        if (v.has("contentHandling")) {
            mi.setContentHandling(contentHandling(v.get("contentHandling"), at + "/contentHandling"));
        }
        if (v.has("timeoutInMillis")) {
            JsonNode t = v.get("timeoutInMillis");
            if (t.canConvertToInt() && t.asInt() >= 50 && t.asInt() <= 29000) {
                mi.setTimeoutMillis(t.asInt() == 29000 ? null : t.asInt());
            } else {
                messages.error(at + "/timeoutInMillis", "timeoutInMillis must be within 50..29000, not " + t);
            }
        }
        mi.setCacheNamespace(v.path("cacheNamespace").asText(null));
        List<String> cacheKeys = strings(v.get("cacheKeyParameters"), at + "/cacheKeyParameters");
        mi.setCacheKeyParameters(cacheKeys.isEmpty() ? null : cacheKeys);
        mi.setResponses(integrationResponses(v.get("responses"), at + "/responses"));
        if (v.has("connectionType") && v.get("connectionType").asText().equalsIgnoreCase("VPC_LINK")) {
            messages.warning(
                    at + "/connectionType",
                    "VPC links have no Kubernetes meaning; the uri is called directly (connectionId "
                            + v.path("connectionId").asText("") + " is not imported)");
        } else if (v.has("connectionId")) {
            messages.warning(at + "/connectionId", "connectionId has no place in the resources and is not imported");
        }
        for (String f : List.of("credentials", "payloadFormatVersion", "integrationSubtype", "responseParameters")) {
            if (v.has(f) && !(httpApi && f.equals("responseParameters"))) {
                messages.warning(Messages.at(at, f), f + " has no place in the resources and is not imported");
            }
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!INTEGRATION_FIELDS.contains(f)
                    && !List.of(
                                    "credentials",
                                    "payloadFormatVersion",
                                    "integrationSubtype",
                                    "responseParameters",
                                    "connectionType",
                                    "connectionId")
                            .contains(f)) {
                messages.warning(Messages.at(at, f), f + " is not an integration field AWS exports; not imported");
            }
        }
        return mi;
    }

    /** An HTTP API integration's response mappings by status code, served as the route's. */
    private SortedMap<String, Map<String, String>> httpApiResponseParameters(JsonNode v, String at) {
        if (v == null || !v.isObject()) {
            if (v != null) {
                messages.warning(at, "responseParameters must be an object by status code; not imported");
            }
            return null;
        }
        SortedMap<String, Map<String, String>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SortedMap<String, String> mappings = stringMap(e.getValue(), Messages.at(at, e.getKey()));
            if (mappings != null) {
                out.put(e.getKey(), mappings);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private BackendTls tls(JsonNode v, String at) {
        if (v == null) {
            return null;
        }
        BackendTls tls = new BackendTls();
        if (v.path("insecureSkipVerification").asBoolean(false)) {
            tls.setInsecureSkipVerify(true);
        }
        tls.setServerName(v.path("serverNameToVerify").asText(null));
        return tls.getInsecureSkipVerify() == null && tls.getServerName() == null ? null : tls;
    }

    private ContentHandling contentHandling(JsonNode v, String at) {
        try {
            return ContentHandling.valueOf(v.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            messages.error(at, "contentHandling must be CONVERT_TO_TEXT or CONVERT_TO_BINARY, not " + v.asText());
            return null;
        }
    }

    private List<IntegrationResponse> integrationResponses(JsonNode v, String at) {
        if (v == null) {
            return null;
        }
        List<IntegrationResponse> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String rat = Messages.at(at, e.getKey());
            IntegrationResponse r = new IntegrationResponse();
            r.setSelectionPattern(e.getKey().equals("default") ? null : e.getKey());
            r.setStatusCode(status(e.getValue().path("statusCode"), rat + "/statusCode"));
            r.setResponseParameters(stringMap(e.getValue().get("responseParameters"), rat + "/responseParameters"));
            r.setResponseTemplates(stringMap(e.getValue().get("responseTemplates"), rat + "/responseTemplates"));
            if (e.getValue().has("contentHandling")) {
                r.setContentHandling(contentHandling(e.getValue().get("contentHandling"), rat + "/contentHandling"));
            }
            out.add(r);
        }
        return out.isEmpty() ? null : out;
    }

    /** The name of the Integration for this target, made once per distinct target. */
    private String integration(
            IntegrationType type, HttpMethod httpMethod, IntegrationTarget target, BackendTls tls, String at) {
        IntegrationSpec spec = new IntegrationSpec();
        spec.setType(type);
        spec.setHttpMethod(httpMethod == HttpMethod.ANY ? null : httpMethod);
        spec.setTls(tls);
        String base;
        if (target instanceof IntegrationTarget.Url u) {
            spec.setUrl(u.origin());
            base = u.origin()
                    .replaceFirst("^https?://", "")
                    .replace("${stageVariables.", "")
                    .replace("}", "");
        } else if (target instanceof IntegrationTarget.Service s) {
            ServiceRef ref = new ServiceRef();
            ref.setName(s.name());
            ref.setNamespace(s.namespace());
            ref.setPort(s.port());
            spec.setService(ref);
            base = s.name() + (s.namespace() == null ? "" : "-" + s.namespace());
        } else if (target instanceof IntegrationTarget.Lambda l) {
            LambdaTarget lambda = new LambdaTarget();
            lambda.setFunctionName(l.function());
            lambda.setQualifier(l.qualifier());
            ImportOptions.LambdaLocation where = options.lambdaServices().get(l.shortName());
            if (where == null) {
                where = options.lambdaServices().get("*");
            }
            if (where != null) {
                ServiceRef ref = new ServiceRef();
                ref.setName(where.service());
                ref.setNamespace(where.namespace());
                ref.setPort(where.port());
                lambda.setService(ref);
            } else {
                messages.warning(
                        at,
                        "Lambda function " + l.shortName() + " has no in-cluster location; pass --lambda "
                                + l.shortName() + "=SERVICE[.NAMESPACE]:PORT (or --lambda '*=...') to set"
                                + " spec.lambda.service");
            }
            spec.setLambda(lambda);
            base = "lambda-" + l.shortName() + (l.qualifier() == null ? "" : "-" + l.qualifier());
        } else if (target instanceof IntegrationTarget.Aws a) {
            spec.setAwsUri(a.uri());
            String[] parts = a.uri().split(":", 6);
            String service = parts.length > 4 ? parts[4] : "service";
            base = "aws-" + service;
            spec.setAws(awsTarget(service, at));
        } else {
            base = "mock";
        }
        String suffix =
                switch (type) {
                    case HTTP -> "-http";
                    default -> "";
                };
        if (spec.getHttpMethod() != null && type != IntegrationType.AWS) {
            suffix += "-" + spec.getHttpMethod().name().toLowerCase(Locale.ROOT);
        }
        String key;
        try {
            key = MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String existing = integrationNames.get(key);
        if (existing != null) {
            return existing;
        }
        String name = slug(base + suffix, "integration");
        String unique = name;
        for (int i = 2; integrations.containsKey(unique); i++) {
            unique = slug(name, "integration") + "-" + i;
        }
        Integration integration = new Integration();
        integration.setMetadata(meta(unique));
        integration.setSpec(spec);
        integrations.put(unique, integration);
        integrationNames.put(key, unique);
        return unique;
    }

    /**
     * Where an AWS service integration goes and who signs it, from the import's {@code --aws-endpoint}
     * and {@code --aws-credentials}; null (AWS's endpoint, unsigned) when neither says.
     */
    private AwsServiceTarget awsTarget(String service, String at) {
        String endpoint = options.awsEndpoints().get(service);
        String credentials = options.awsCredentialsSecret();
        if (credentials == null && unsignedServices.add(service)) {
            messages.warning(
                    at,
                    "the " + service + " integration's calls are sent unsigned; pass --aws-credentials SECRET_NAME"
                            + " to sign them with the access key of a Secret (accessKeyId, secretAccessKey)");
        }
        if (endpoint == null && credentials == null) {
            return null;
        }
        AwsServiceTarget target = new AwsServiceTarget();
        target.setEndpoint(endpoint);
        target.setCredentialsSecret(credentials);
        return target;
    }

    // ---- small helpers -----------------------------------------------------------------------------

    private Integer status(JsonNode v, String at) {
        String s = v.asText("");
        if (!s.matches("[1-5][0-9][0-9]")) {
            messages.error(at, "statusCode must be 100..599, not " + (v.isMissingNode() ? "missing" : s));
            return null;
        }
        return Integer.parseInt(s);
    }

    private List<String> strings(JsonNode v, String at) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            messages.error(at, "expected a list of strings");
            return out;
        }
        for (JsonNode n : v) {
            out.add(n.asText());
        }
        return out;
    }

    private SortedMap<String, String> stringMap(JsonNode v, String at) {
        if (v == null || v.isNull() || v.isEmpty()) {
            return null;
        }
        if (!v.isObject()) {
            messages.error(at, "expected a mapping of strings");
            return null;
        }
        SortedMap<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(
                    e.getKey(),
                    e.getValue().isValueNode()
                            ? e.getValue().asText()
                            : e.getValue().toString());
        }
        return out;
    }

    /** A Kubernetes name (lowercase letters, digits and -, at most 63) from any text. */
    static String slug(String text, String fallback) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) {
            s = s.substring(0, 63).replaceAll("-+$", "");
        }
        return s.isEmpty() ? fallback : s;
    }
}
