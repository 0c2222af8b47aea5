package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.openapi.ImportMessage;
import dev.tollgate.compiler.openapi.ImportOptions;
import dev.tollgate.compiler.openapi.ImportResult;
import dev.tollgate.compiler.openapi.OpenApiExporter;
import dev.tollgate.compiler.openapi.OpenApiImporter;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.ApiKeySource;
import dev.tollgate.crds.v1alpha1.EndpointConfiguration;
import dev.tollgate.crds.v1alpha1.EndpointType;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Stage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Rest APIs: create, get, list, update, delete, import, put (overwrite or merge) and export. */
public final class RestApis {
    private final Function<Call, Scope> scopes;

    public RestApis(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    /** The AWS RestApi shape of a RestApi resource. */
    static ObjectNode shape(RestApi api) {
        ApiView view = new ApiView(api);
        RestApiSpec spec = view.spec();
        ObjectNode out = Json.object();
        out.put("id", view.id);
        out.put("name", view.displayName());
        Json.put(out, "description", spec.getDescription());
        Json.put(out, "createdDate", Json.created(api));
        Json.put(out, "binaryMediaTypes", spec.getBinaryMediaTypes());
        Json.put(out, "minimumCompressionSize", spec.getMinimumCompressionSize());
        out.put(
                "apiKeySource",
                spec.getApiKeySource() == null
                        ? "HEADER"
                        : spec.getApiKeySource().name());
        ObjectNode endpoint = out.putObject("endpointConfiguration");
        EndpointConfiguration ec = spec.getEndpointConfiguration();
        List<String> types =
                ec == null || ec.getTypes() == null || ec.getTypes().isEmpty()
                        ? List.of("EDGE")
                        : ec.getTypes().stream().map(Enum::name).toList();
        Json.put(endpoint, "types", types);
        Json.put(endpoint, "vpcEndpointIds", ec == null ? null : ec.getVpcEndpointIds());
        out.put("disableExecuteApiEndpoint", Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint()));
        out.put("rootResourceId", view.resourceId("/"));
        return out;
    }

    private static boolean isRest(RestApi api) {
        return api.getSpec() == null
                || api.getSpec().getProtocolType() == null
                || api.getSpec().getProtocolType() == ProtocolType.REST;
    }

    /** The REST API of an id, or NotFoundException (HTTP and WebSocket APIs are v2's). */
    static RestApi rest(Scope scope, String id) {
        RestApi api = scope.restApi(id);
        if (!isRest(api)) {
            throw AwsException.notFound("Invalid API identifier specified " + scope.namespace() + ":" + id);
        }
        return api;
    }

    /** A fresh id, or the {@code tollgate:id} tag's when the caller names its own. */
    public static String newId(Scope scope, Map<String, String> tags, Class<? extends CustomResource<?, ?>> kind) {
        String wanted = tags == null ? null : tags.get("tollgate:id");
        if (wanted != null) {
            if (!Ids.isName(wanted)) {
                throw AwsException.badRequest(
                        "tag tollgate:id must be a Kubernetes name (lowercase letters, digits, -)");
            }
            if (scope.find(kind, wanted).isPresent()) {
                throw AwsException.conflict(kind.getSimpleName() + " " + wanted + " already exists");
            }
            return wanted;
        }
        String id;
        do {
            id = Ids.random();
        } while (scope.find(kind, id).isPresent());
        return id;
    }

    public static ObjectMeta meta(String name, String displayName) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        if (displayName != null) {
            Map<String, String> annotations = new HashMap<>();
            annotations.put(ApiView.NAME, displayName);
            meta.setAnnotations(annotations);
        }
        return meta;
    }

    public Reply create(Call call) {
        Scope scope = scopes.apply(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        String id = newId(scope, Json.strings(body, "tags"), RestApi.class);
        RestApiSpec spec;
        String cloneFrom = Json.text(body, "cloneFrom");
        if (cloneFrom != null) {
            spec = Json.convert(rest(scope, cloneFrom).getSpec(), RestApiSpec.class);
        } else {
            spec = new RestApiSpec();
        }
        applyFields(spec, body);
        RestApi api = new RestApi();
        api.setMetadata(meta(id, name));
        api.setSpec(spec);
        scope.apply(new Scope.Change.Create(api));
        return Reply.created(shape(api));
    }

    private static void applyFields(RestApiSpec spec, JsonNode body) {
        if (body.has("description")) {
            spec.setDescription(Json.text(body, "description"));
        }
        if (body.has("binaryMediaTypes")) {
            spec.setBinaryMediaTypes(Json.list(body, "binaryMediaTypes"));
        }
        if (body.has("minimumCompressionSize")) {
            spec.setMinimumCompressionSize(Json.integer(body, "minimumCompressionSize"));
        }
        if (body.has("apiKeySource")) {
            spec.setApiKeySource(enumValue(ApiKeySource.class, Json.text(body, "apiKeySource"), "apiKeySource"));
        }
        if (body.has("disableExecuteApiEndpoint")) {
            spec.setDisableExecuteApiEndpoint(Json.bool(body, "disableExecuteApiEndpoint"));
        }
        JsonNode ec = body.get("endpointConfiguration");
        if (ec != null && ec.has("types")) {
            EndpointConfiguration config = new EndpointConfiguration();
            List<EndpointType> types = new ArrayList<>();
            ec.get("types")
                    .forEach(t -> types.add(enumValue(EndpointType.class, t.asText(), "endpointConfiguration.types")));
            config.setTypes(types);
            config.setVpcEndpointIds(Json.list(ec, "vpcEndpointIds"));
            spec.setEndpointConfiguration(config);
        }
        if (body.hasNonNull("policy")) {
            throw AwsException.badRequest("policy: resource policies are set in the RestApi's spec.policy (see"
                    + " docs/security.md); the control API does not translate IAM policy documents yet");
        }
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AwsException.badRequest("Invalid " + field + " specified: " + value);
        }
    }

    public Reply get(Call call) {
        return Reply.ok(shape(rest(scopes.apply(call), call.param("restapi_id"))));
    }

    public Reply list(Call call) {
        Scope scope = scopes.apply(call);
        List<ObjectNode> items = scope.list(RestApi.class).stream()
                .filter(RestApis::isRest)
                .map(RestApis::shape)
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply update(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = rest(scope, call.param("restapi_id"));
        ApiView view = new ApiView(api);
        RestApiSpec spec = view.spec();
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            switch (s.get(0)) {
                case "name" -> ApiView.setDisplayName(api, p.required());
                case "description" -> spec.setDescription(p.op().equals("remove") ? null : p.required());
                case "minimumCompressionSize" ->
                    spec.setMinimumCompressionSize(
                            p.op().equals("remove") || p.required().isEmpty() ? null : p.integer());
                case "apiKeySource" ->
                    spec.setApiKeySource(enumValue(ApiKeySource.class, p.required(), "apiKeySource"));
                case "disableExecuteApiEndpoint" -> spec.setDisableExecuteApiEndpoint(p.bool());
                case "binaryMediaTypes" -> {
                    List<String> types = new ArrayList<>(
                            spec.getBinaryMediaTypes() == null ? List.of() : spec.getBinaryMediaTypes());
                    String type = s.size() > 1 ? s.get(1) : p.value();
                    if (p.op().equals("add")) {
                        if (!types.contains(type)) {
                            types.add(type);
                        }
                    } else if (p.op().equals("remove")) {
                        types.remove(type);
                    } else if (p.op().equals("replace")) {
                        types.remove(type);
                        types.add(p.required());
                    } else {
                        throw p.unsupported();
                    }
                    spec.setBinaryMediaTypes(types.isEmpty() ? null : types);
                }
                case "endpointConfiguration" -> {
                    EndpointConfiguration ec = new EndpointConfiguration();
                    ec.setTypes(List.of(enumValue(EndpointType.class, p.required(), "endpointConfiguration.types")));
                    spec.setEndpointConfiguration(ec);
                }
                default -> throw p.unsupported();
            }
        }
        scope.apply(new Scope.Change.Update(view.save()));
        return Reply.ok(shape(api));
    }

    public Reply delete(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = rest(scope, call.param("restapi_id"));
        String id = api.getMetadata().getName();
        List<Scope.Change> changes = new ArrayList<>();
        // AWS deletes an API's stages and integrations with it.
        for (Stage stage : scope.list(Stage.class)) {
            if (stage.getSpec() != null && id.equals(stage.getSpec().getRestApiRef())) {
                changes.add(
                        new Scope.Change.Delete(Stage.class, stage.getMetadata().getName()));
            }
        }
        // The API goes before its integrations: every state the gateway may reload in between compiles.
        changes.add(new Scope.Change.Delete(RestApi.class, id));
        for (Integration integration : owned(scope, id)) {
            changes.add(new Scope.Change.Delete(
                    Integration.class, integration.getMetadata().getName()));
        }
        scope.apply(changes);
        return Reply.empty(202);
    }

    /** The Integrations written for an API (labelled with it). */
    public static List<Integration> owned(Scope scope, String apiId) {
        return scope.list(Integration.class).stream()
                .filter(i -> i.getMetadata().getLabels() != null
                        && apiId.equals(i.getMetadata().getLabels().get(ApiView.API_LABEL)))
                .toList();
    }

    /** import-rest-api: an OpenAPI document (AWS export) becomes a new RestApi and its Integrations. */
    public Reply importApi(Call call) {
        Scope scope = scopes.apply(call);
        String id = newId(scope, null, RestApi.class);
        ImportResult result = importDocument(scope, call, id);
        List<Scope.Change> changes = new ArrayList<>();
        RestApi api = null;
        for (HasMetadata r : result.resources()) {
            if (r instanceof RestApi a) {
                api = a;
                changes.add(new Scope.Change.Create(a));
            } else if (r instanceof Integration i) {
                changes.add(new Scope.Change.Create(i));
            }
        }
        Objects.requireNonNull(api, "the importer gives a RestApi");
        scope.apply(changes);
        ObjectNode out = shape(api);
        warnings(out, result);
        return Reply.created(out);
    }

    private static void warnings(ObjectNode out, ImportResult result) {
        List<String> warnings =
                result.messages().stream().map(ImportMessage::toString).toList();
        Json.put(out, "warnings", warnings);
    }

    private static ImportResult importDocument(Scope scope, Call call, String id) {
        String text = call.text();
        if (text.isBlank()) {
            throw AwsException.badRequest("The import body is empty: give an OpenAPI 3.0 or Swagger 2.0 document");
        }
        String namespace = scope.namespace().equals("default") ? null : scope.namespace();
        ImportResult result =
                OpenApiImporter.importDocument(text, new ImportOptions(id, "import", null, namespace, null, null));
        boolean failOnWarnings = "true".equalsIgnoreCase(call.query("failonwarnings"));
        if (result.hasErrors() || (failOnWarnings && !result.messages().isEmpty())) {
            throw AwsException.badRequest("Errors found during import:\n\t"
                    + String.join(
                            "\n\t",
                            result.messages().stream()
                                    .map(ImportMessage::toString)
                                    .toList()));
        }
        String title = null;
        for (HasMetadata r : result.resources()) {
            if (r instanceof RestApi a) {
                title = titleOf(text);
                a.setMetadata(meta(id, title == null ? id : title));
            } else if (r instanceof Integration i) {
                Map<String, String> labels = new TreeMap<>();
                labels.put(ApiView.API_LABEL, id);
                i.getMetadata().setLabels(labels);
                i.getMetadata().setNamespace(null);
            }
        }
        return result;
    }

    private static String titleOf(String text) {
        try {
            JsonNode root =
                    text.stripLeading().startsWith("{") ? Json.MAPPER.readTree(text) : new YAMLMapper().readTree(text);
            String title = root.path("info").path("title").asText("");
            return title.isEmpty() ? null : title;
        } catch (IOException e) {
            return null;
        }
    }

    /** put-rest-api: the document replaces (overwrite) or is merged into (merge) an existing API. */
    public Reply put(Call call) {
        Scope scope = scopes.apply(call);
        RestApi existing = rest(scope, call.param("restapi_id"));
        String id = existing.getMetadata().getName();
        ImportResult result = importDocument(scope, call, id);
        boolean merge = "merge".equalsIgnoreCase(call.query("mode"));
        RestApi imported = null;
        Map<String, Integration> integrations = new TreeMap<>();
        for (HasMetadata r : result.resources()) {
            if (r instanceof RestApi a) {
                imported = a;
            } else if (r instanceof Integration i) {
                integrations.put(i.getMetadata().getName(), i);
            }
        }
        Objects.requireNonNull(imported, "the importer gives a RestApi");
        ApiView view = new ApiView(existing);
        List<Scope.Change> changes = new ArrayList<>();
        Set<String> ownedNames = new HashSet<>();
        owned(scope, id).forEach(i -> ownedNames.add(i.getMetadata().getName()));
        if (merge) {
            for (var resource : imported.getSpec().getResources() == null
                    ? List.<Resource>of()
                    : imported.getSpec().getResources()) {
                view.ensure(resource.getPath());
                if (resource.getMethods() != null) {
                    resource.getMethods().forEach(m -> view.putMethod(resource.getPath(), m));
                }
            }
        } else {
            String name = view.displayName();
            RestApiSpec spec = imported.getSpec();
            existing.setSpec(spec);
            view.annotations().remove(ApiView.PENDING);
            view.annotations().put(ApiView.NAME, titleOf(call.text()) == null ? name : titleOf(call.text()));
        }
        // New integrations first, then the API, then the integrations it no longer uses: every state
        // the gateway may reload in between compiles.
        for (Integration i : integrations.values()) {
            changes.add(
                    ownedNames.contains(i.getMetadata().getName())
                            ? new Scope.Change.Update(i)
                            : new Scope.Change.Create(i));
        }
        RestApi saved = merge ? view.save() : existing;
        changes.add(new Scope.Change.Update(saved));
        if (!merge) {
            for (String old : ownedNames) {
                if (!integrations.containsKey(old)) {
                    changes.add(new Scope.Change.Delete(Integration.class, old));
                }
            }
        }
        scope.apply(changes);
        ObjectNode out = shape(saved);
        warnings(out, result);
        return Reply.ok(out);
    }

    /** get-export: the API at a stage as OpenAPI 3.0 or Swagger 2.0, with AWS's extensions on request. */
    public Reply export(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = rest(scope, call.param("restapi_id"));
        String stage = call.param("stage_name");
        Stages.find(scope, api.getMetadata().getName(), stage);
        String type = call.param("export_type");
        OpenApiExporter.Format format =
                switch (type.toLowerCase(Locale.ROOT)) {
                    case "oas30" -> OpenApiExporter.Format.OAS30;
                    case "swagger" -> OpenApiExporter.Format.SWAGGER;
                    default ->
                        throw AwsException.badRequest("Invalid export type specified: " + type + " (oas30 or swagger)");
                };
        String extensions = call.query("extensions");
        boolean withExtensions =
                extensions != null && (extensions.contains("apigateway") || extensions.contains("integrations"));
        OpenApiExporter.ExportResult result = OpenApiExporter.export(
                scope.store().snapshot(scope.namespace()), api.getMetadata().getName(), stage, format, withExtensions);
        if (result.hasErrors()) {
            throw AwsException.badRequest(String.join(
                    "; ",
                    result.messages().stream().map(ImportMessage::toString).toList()));
        }
        String accept = call.header("accept");
        byte[] body;
        String contentType;
        if (accept != null && accept.contains("yaml")) {
            try {
                body = new YAMLMapper().writeValueAsBytes(Json.MAPPER.readTree(result.document()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            contentType = "application/yaml";
        } else {
            body = result.document().getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
        }
        Map<String, String> headers = new TreeMap<>();
        headers.put(
                "Content-Disposition",
                "attachment; filename=\"" + type + "_" + api.getMetadata().getName() + "_" + stage + "."
                        + (contentType.endsWith("yaml") ? "yaml" : "json") + "\"");
        return new Reply(200, body, contentType, headers);
    }
}
