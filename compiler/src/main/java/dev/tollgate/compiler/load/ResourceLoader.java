package dev.tollgate.compiler.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.ServicePortInfo;
import dev.tollgate.compiler.Severity;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads multi-document CR YAML into one {@link NamespaceSnapshot} per namespace. Never throws for
 * bad input: every document it cannot read becomes a finding naming the source, the document and
 * the place in it.
 */
public final class ResourceLoader {
    /** Namespace of a document whose metadata names none, as kubectl's default context does. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS = Map.of(
            "RestApi", RestApi.class,
            "Integration", Integration.class,
            "Stage", Stage.class,
            "UsagePlan", UsagePlan.class,
            "ApiKey", ApiKey.class,
            "DomainName", DomainName.class,
            "Gateway", Gateway.class,
            "ReferenceGrant", ReferenceGrant.class,
            "ApiDeployment", ApiDeployment.class);

    // Strict like the API server: unknown fields, wrong scalar types and duplicate keys are errors,
    // so a typo is never silently ignored.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ResourceLoader() {}

    /** Reads every document of every source; sources are read in order. */
    public static LoadResult load(List<SourceDocument> sources) {
        Loading loading = new Loading();
        for (SourceDocument source : sources) {
            List<Chunk> chunks = split(source.text());
            for (int i = 0; i < chunks.size(); i++) {
                loading.document(source.name(), i, chunks.get(i));
            }
        }
        return loading.result();
    }

    /** One YAML document of a source and the line it starts on (0-based). */
    private record Chunk(String text, int firstLine) {}

    // Splitting ourselves (rather than a MappingIterator) keeps going after a broken document and
    // gives each document its own index.
    private static List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("---") || line.startsWith("--- ") || line.startsWith("---\t")) {
                if (i > 0 || current.length() > 0) {
                    chunks.add(new Chunk(current.toString(), start));
                }
                current.setLength(0);
                current.append(line.substring(3)).append('\n');
                start = i;
            } else {
                current.append(line).append('\n');
            }
        }
        chunks.add(new Chunk(current.toString(), start));
        return chunks;
    }

    private static final class Loading {
        private final SortedMap<String, Lists> namespaces = new TreeMap<>();
        private final Set<String> seen = new HashSet<>();
        private final List<Finding> findings = new ArrayList<>();

        void document(String source, int index, Chunk chunk) {
            String where = source + " document " + index;
            JsonNode tree;
            try {
                tree = YAML.readTree(chunk.text());
            } catch (JsonProcessingException e) {
                parseError(documentRef(source, index), "", where, chunk, e);
                return;
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return;
            }
            if (!tree.isObject()) {
                findings.add(new Finding(
                        Severity.ERROR,
                        documentRef(source, index),
                        "",
                        Reason.PARSE_ERROR,
                        where + ": expected a mapping with apiVersion and kind, found " + tree.getNodeType()));
                return;
            }
            String apiVersion = tree.path("apiVersion").asText("");
            String kind = tree.path("kind").asText("");
            String name = tree.path("metadata").path("name").asText("");
            String namespace = tree.path("metadata").path("namespace").asText("");
            if (namespace.isEmpty()) {
                namespace = DEFAULT_NAMESPACE;
            }
            ResourceRef ref = new ResourceRef(kind.isEmpty() ? "Unknown" : kind, namespace, name);
            if (kind.isEmpty() || apiVersion.isEmpty()) {
                findings.add(new Finding(
                        Severity.ERROR,
                        documentRef(source, index),
                        kind.isEmpty() ? "kind" : "apiVersion",
                        Reason.PARSE_ERROR,
                        where + ": a document needs apiVersion and kind"));
                return;
            }
            boolean ours = apiVersion.equals(Crds.API_VERSION) && KINDS.containsKey(kind);
            boolean core = apiVersion.equals("v1") && (kind.equals("Service") || kind.equals("Secret"));
            if (!ours && !core) {
                Severity severity = apiVersion.startsWith(Crds.GROUP + "/") ? Severity.ERROR : Severity.WARNING;
                findings.add(new Finding(
                        severity,
                        ref,
                        "",
                        Reason.UNKNOWN_KIND,
                        where + ": " + apiVersion + " " + kind + " is not a kind Tollgate reads; skipped"));
                return;
            }
            if (name.isEmpty()) {
                findings.add(new Finding(
                        Severity.ERROR,
                        ref,
                        "metadata.name",
                        Reason.PARSE_ERROR,
                        where + ": metadata.name is required"));
                return;
            }
            Lists lists = namespaces.computeIfAbsent(namespace, n -> new Lists());
            try {
                if (ours) {
                    CustomResource<?, ?> resource = resource(tree, chunk, KINDS.get(kind));
                    if (!claim(ref, where)) {
                        return;
                    }
                    resource.getMetadata().setNamespace(namespace);
                    lists.add(resource);
                } else if (kind.equals("Service")) {
                    ServiceInfo service = service(namespace, name, tree);
                    if (claim(ref, where)) {
                        lists.services.add(service);
                    }
                } else {
                    SecretInfo secret = secret(namespace, name, tree);
                    if (claim(ref, where)) {
                        lists.secrets.add(secret);
                    }
                }
            } catch (JsonProcessingException e) {
                parseError(ref, fieldPath(e), where, chunk, e);
            } catch (IllegalArgumentException e) {
                findings.add(new Finding(Severity.ERROR, ref, "", Reason.PARSE_ERROR, where + ": " + e.getMessage()));
            }
        }

        /**
         * The document as its kind's class, bound from the tree already parsed (one YAML parse per
         * document: parsing is most of a large folder's load). A tree carries no line numbers, so a
         * document that does not bind is bound again from its text, whose error names the line.
         */
        private static CustomResource<?, ?> resource(
                JsonNode tree, Chunk chunk, Class<? extends CustomResource<?, ?>> kind) throws JsonProcessingException {
            try {
                return YAML.treeToValue(tree, kind);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return YAML.readValue(chunk.text(), kind);
            }
        }

        private boolean claim(ResourceRef ref, String where) {
            if (seen.add(ref.toString())) {
                return true;
            }
            findings.add(new Finding(
                    Severity.ERROR,
                    ref,
                    "metadata.name",
                    Reason.DUPLICATE,
                    where + ": " + ref + " is defined more than once; the first definition is used"));
            return false;
        }

        private void parseError(ResourceRef ref, String field, String where, Chunk chunk, JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String location = at == null || at.getLineNr() < 1
                    ? ""
                    : " (line " + (at.getLineNr() + chunk.firstLine()) + ", column " + at.getColumnNr() + ")";
            String message = e.getOriginalMessage();
            if (e.getCause() instanceof MarkedYAMLException yaml) {
                // SnakeYAML's own message echoes the document with carets; context and problem say it all.
                message = (yaml.getContext() == null ? "" : yaml.getContext() + ": ") + yaml.getProblem();
            }
            findings.add(
                    new Finding(Severity.ERROR, ref, field, Reason.PARSE_ERROR, where + location + ": " + message));
        }

        LoadResult result() {
            SortedMap<String, NamespaceSnapshot> snapshots = new TreeMap<>();
            namespaces.forEach((ns, l) -> snapshots.put(ns, l.snapshot(ns, namespaces)));
            return new LoadResult(snapshots, findings);
        }
    }

    private static ResourceRef documentRef(String source, int index) {
        return new ResourceRef("Document", "", source + "#" + index);
    }

    static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : mapping.getPath()) {
            if (r.getFieldName() != null) {
                boolean plain = r.getFieldName().matches("[A-Za-z0-9_$-]+");
                if (!plain) {
                    path.append('[').append(r.getFieldName()).append(']');
                } else {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(r.getFieldName());
                }
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ServiceInfo service(String namespace, String name, JsonNode tree) {
        List<ServicePortInfo> ports = new ArrayList<>();
        for (JsonNode port : tree.path("spec").path("ports")) {
            JsonNode number = port.path("port");
            if (!number.canConvertToExactIntegral() || number.asInt() < 1 || number.asInt() > 65535) {
                throw new IllegalArgumentException("spec.ports[].port must be a port number, found " + number);
            }
            JsonNode portName = port.path("name");
            ports.add(new ServicePortInfo(portName.isTextual() ? portName.asText() : null, number.asInt()));
        }
        return new ServiceInfo(namespace, name, ports, true);
    }

    private static SecretInfo secret(String namespace, String name, JsonNode tree) {
        SortedMap<String, byte[]> data = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                data.put(e.getKey(), Base64.getMimeDecoder().decode(e.getValue().asText("")));
            } catch (IllegalArgumentException bad) {
                // The message must not echo the value: it is a secret.
                throw new IllegalArgumentException("data[" + e.getKey() + "] is not valid base64");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("stringData").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), e.getValue().asText("").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode type = tree.path("type");
        SortedMap<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        tree.path("metadata").path("labels").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        return new SecretInfo(namespace, name, type.isTextual() ? type.asText() : null, data, labels);
    }

    private static final class Lists {
        final List<RestApi> restApis = new ArrayList<>();
        final List<Integration> integrations = new ArrayList<>();
        final List<Stage> stages = new ArrayList<>();
        final List<UsagePlan> usagePlans = new ArrayList<>();
        final List<ApiKey> apiKeys = new ArrayList<>();
        final List<DomainName> domainNames = new ArrayList<>();
        final List<Gateway> gateways = new ArrayList<>();
        final List<ServiceInfo> services = new ArrayList<>();
        final List<SecretInfo> secrets = new ArrayList<>();
        final List<ReferenceGrant> referenceGrants = new ArrayList<>();
        final List<ApiDeployment> apiDeployments = new ArrayList<>();

        void add(CustomResource<?, ?> resource) {
            if (resource instanceof RestApi r) {
                restApis.add(r);
            } else if (resource instanceof Integration r) {
                integrations.add(r);
            } else if (resource instanceof Stage r) {
                stages.add(r);
            } else if (resource instanceof UsagePlan r) {
                usagePlans.add(r);
            } else if (resource instanceof ApiKey r) {
                apiKeys.add(r);
            } else if (resource instanceof DomainName r) {
                domainNames.add(r);
            } else if (resource instanceof Gateway r) {
                gateways.add(r);
            } else if (resource instanceof ReferenceGrant r) {
                referenceGrants.add(r);
            } else if (resource instanceof ApiDeployment r) {
                apiDeployments.add(r);
            } else {
                throw new IllegalStateException("unmapped kind " + resource.getKind());
            }
        }

        /**
         * This namespace's snapshot; the ReferenceGrants of other namespaces that admit it, and
         * the Services of those namespaces, join it, as the operator's snapshot does.
         */
        NamespaceSnapshot snapshot(String namespace, Map<String, Lists> all) {
            List<ReferenceGrant> admitting = new ArrayList<>();
            List<ServiceInfo> visible = new ArrayList<>(services);
            all.forEach((ns, lists) -> {
                if (ns.equals(namespace)) {
                    return;
                }
                List<ReferenceGrant> grants = lists.referenceGrants.stream()
                        .filter(g -> g.getSpec() != null && g.getSpec().getFrom() != null)
                        .filter(g -> g.getSpec().getFrom().stream().anyMatch(f -> namespace.equals(f.getNamespace())))
                        .toList();
                if (!grants.isEmpty()) {
                    admitting.addAll(grants);
                    visible.addAll(lists.services);
                }
            });
            return NamespaceSnapshot.empty(namespace)
                    .withRestApis(restApis)
                    .withIntegrations(integrations)
                    .withStages(stages)
                    .withUsagePlans(usagePlans)
                    .withApiKeys(apiKeys)
                    .withDomainNames(domainNames)
                    .withGateways(gateways)
                    .withServices(visible)
                    .withSecrets(secrets)
                    .withReferenceGrants(admitting)
                    .withApiDeployments(apiDeployments);
        }
    }
}
