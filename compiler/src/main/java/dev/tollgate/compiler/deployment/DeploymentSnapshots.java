package dev.tollgate.compiler.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiDeploymentSpec;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.DeploymentSnapshot;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.ir.HttpIntegrationConfig;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapshots of a RestApi and their content id. A snapshot holds deep copies of the RestApi's spec
 * and of the Integrations it refers to, with the CRDs' defaults written out, so the API server's
 * defaulting adds nothing and the id computed here is the id of what is stored.
 *
 * <p>The content id is the hex SHA-256 of the snapshot's canonical JSON: defaults applied, object
 * keys sorted at every level, nulls left out, integral numbers written as integers (the API
 * server turns {@code 1.0} in free-form fields into {@code 1}), no whitespace.
 */
public final class DeploymentSnapshots {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private DeploymentSnapshots() {}

    /**
     * The snapshot of {@code api} as it is now: its spec and the specs of those of {@code
     * integrations} it refers to (an Integration it names that is not there is left out; compiling
     * the snapshot reports it).
     */
    public static DeploymentSnapshot take(RestApi api, List<Integration> integrations) {
        DeploymentSnapshot snapshot = new DeploymentSnapshot();
        RestApiSpec spec = api.getSpec() == null ? new RestApiSpec() : api.getSpec();
        snapshot.setRestApi(copy(spec, RestApiSpec.class));
        SortedSet<String> refs = integrationRefs(spec);
        SortedMap<String, IntegrationSpec> taken = new TreeMap<>();
        for (Integration integration : integrations) {
            String name = integration.getMetadata().getName();
            if (refs.contains(name) && integration.getSpec() != null) {
                taken.put(name, copy(integration.getSpec(), IntegrationSpec.class));
            }
        }
        snapshot.setIntegrations(taken);
        return withDefaults(snapshot);
    }

    /**
     * A new ApiDeployment of {@code api} named {@code name}: its snapshot, content id, description
     * and the creation time (milliseconds) in {@link ApiDeployment#CREATED_AT_ANNOTATION}.
     */
    public static ApiDeployment newDeployment(
            String name, RestApi api, List<Integration> integrations, String description, Instant createdAt) {
        DeploymentSnapshot snapshot = take(api, integrations);
        ApiDeploymentSpec spec = new ApiDeploymentSpec();
        spec.setRestApiRef(api.getMetadata().getName());
        spec.setDescription(description == null || description.isEmpty() ? null : description);
        spec.setSnapshot(snapshot);
        spec.setContentId(contentId(snapshot));
        ApiDeployment deployment = new ApiDeployment();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(api.getMetadata().getNamespace());
        meta.setAnnotations(new TreeMap<>(Map.of(
                ApiDeployment.CREATED_AT_ANNOTATION,
                createdAt.truncatedTo(ChronoUnit.MILLIS).toString())));
        deployment.setMetadata(meta);
        deployment.setSpec(spec);
        return deployment;
    }

    /** The names of the Integrations a RestApi's methods, routes and authorizers refer to. */
    public static SortedSet<String> integrationRefs(RestApiSpec spec) {
        SortedSet<String> out = new TreeSet<>();
        for (Resource resource : orEmpty(spec.getResources())) {
            for (Method method : orEmpty(resource.getMethods())) {
                add(out, method.getIntegration());
            }
        }
        for (Route route : orEmpty(spec.getRoutes())) {
            add(out, route.getIntegration());
        }
        for (Authorizer authorizer : orEmpty(spec.getAuthorizers())) {
            if (authorizer.getIntegrationRef() != null) {
                out.add(authorizer.getIntegrationRef());
            }
        }
        return out;
    }

    /**
     * A copy of the snapshot with every default of the CRDs' schema written out, as the API server
     * would write them: a RestApi's protocolType, a method's and a route's authorizationType, an
     * Integration's httpMethod and timeoutMillis.
     */
    public static DeploymentSnapshot withDefaults(DeploymentSnapshot snapshot) {
        DeploymentSnapshot out = copy(snapshot, DeploymentSnapshot.class);
        RestApiSpec api = out.getRestApi();
        if (api != null) {
            if (api.getProtocolType() == null) {
                api.setProtocolType(ProtocolType.REST);
            }
            for (Resource resource : orEmpty(api.getResources())) {
                for (Method method : orEmpty(resource.getMethods())) {
                    if (method.getAuthorizationType() == null) {
                        method.setAuthorizationType(AuthorizationType.NONE);
                    }
                }
            }
            for (Route route : orEmpty(api.getRoutes())) {
                if (route.getAuthorizationType() == null) {
                    route.setAuthorizationType(AuthorizationType.NONE);
                }
            }
        }
        if (out.getIntegrations() != null) {
            for (IntegrationSpec integration : out.getIntegrations().values()) {
                if (integration == null) {
                    continue;
                }
                if (integration.getHttpMethod() == null) {
                    integration.setHttpMethod(HttpMethod.ANY);
                }
                if (integration.getTimeoutMillis() == null) {
                    integration.setTimeoutMillis(HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS);
                }
            }
        }
        return out;
    }

    /** The content id of a snapshot: hex SHA-256 of {@link #canonicalJson}. */
    public static String contentId(DeploymentSnapshot snapshot) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonicalJson(snapshot).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The snapshot's canonical JSON, defaults applied, as {@link #contentId} hashes it. */
    public static String canonicalJson(DeploymentSnapshot snapshot) {
        JsonNode tree = canonical(JSON.valueToTree(withDefaults(snapshot)));
        try {
            return JSON.writeValueAsString(tree == null ? JsonNodeFactory.instance.nullNode() : tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Keys sorted, nulls dropped, integral numbers as integers: the same content read from YAML, JSON
    // or the API server gives the same text. (Empty typed fields are already left out by the CRD
    // classes' NON_EMPTY inclusion; free-form content keeps its empty values.)
    private static JsonNode canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            SortedMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = canonical(e.getValue());
                if (value != null) {
                    fields.put(e.getKey(), value);
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> {
                JsonNode value = canonical(item);
                items.add(value == null ? JsonNodeFactory.instance.nullNode() : value);
            });
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            items.forEach(out::add);
            return out;
        }
        if (node.isFloatingPointNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return value.scale() <= 0
                    ? JsonNodeFactory.instance.numberNode(value.toBigIntegerExact())
                    : JsonNodeFactory.instance.numberNode(value);
        }
        if (node.isIntegralNumber()) {
            return JsonNodeFactory.instance.numberNode(node.bigIntegerValue());
        }
        return node;
    }

    private static void add(SortedSet<String> out, MethodIntegration integration) {
        if (integration != null && integration.getIntegrationRef() != null) {
            out.add(integration.getIntegrationRef());
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list.stream().filter(x -> x != null).toList();
    }

    private static <T> T copy(T value, Class<T> type) {
        return JSON.convertValue(value, type);
    }
}
