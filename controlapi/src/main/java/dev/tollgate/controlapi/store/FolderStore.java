package dev.tollgate.controlapi.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.compiler.ServiceInfo;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.openapi.ResourceYaml;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Local mode's store: the folder of CR YAML the gateway serves (and reloads on change). Reads scan
 * the folder each time with the compiler's loader, so hand edits are seen at once. A created
 * resource gets a file of its own ({@code restapi-NAME.yaml}); an update rewrites only its own
 * document, in place, keeping the other documents of a multi-document file and the comments
 * above it; a delete removes the document (and the file when nothing else is left). Every write
 * replaces the file atomically, so the gateway's watcher never reads half a file.
 */
public final class FolderStore implements ControlStore {
    private static final Map<Class<?>, String> KINDS = Map.of(
            RestApi.class, "RestApi",
            Integration.class, "Integration",
            Stage.class, "Stage",
            UsagePlan.class, "UsagePlan",
            ApiKey.class, "ApiKey",
            DomainName.class, "DomainName",
            Gateway.class, "Gateway",
            ApiDeployment.class, "ApiDeployment");
    // Resources are written with the importer's ResourceYaml; this mapper reads documents and
    // writes Secrets (whose values must stay strings).
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private final Path folder;
    private final List<ServiceInfo> extraServices;
    private final Object writeLock = new Object();

    /**
     * @param folder the folder local mode serves
     * @param extraServices Services declared outside the folder (local mode's {@code --service}
     *     flags), so references to them validate
     */
    public FolderStore(Path folder, List<ServiceInfo> extraServices) {
        this.folder = folder;
        this.extraServices = List.copyOf(extraServices);
    }

    /** One document of one file. */
    private record Doc(Path file, int index, String kind, String namespace, String name, String text) {}

    /** A file split into documents, keeping the separator lines. */
    private record Split(List<String> separators, List<String> documents) {
        String join() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < documents.size(); i++) {
                out.append(separators.get(i)).append(documents.get(i));
            }
            return out.toString();
        }
    }

    // The loader's rule: a line "---" (optionally followed by a space or tab and more) starts a document.
    private static Split split(String text) {
        List<String> separators = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        String[] lines = text.split("(?<=\n)");
        StringBuilder current = new StringBuilder();
        String separator = "";
        boolean first = true;
        for (String line : lines) {
            String bare = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            bare = bare.endsWith("\r") ? bare.substring(0, bare.length() - 1) : bare;
            boolean marker = bare.equals("---") || bare.startsWith("--- ") || bare.startsWith("---\t");
            if (marker) {
                if (!first || current.length() > 0) {
                    separators.add(separator);
                    documents.add(current.toString());
                }
                current.setLength(0);
                separator = line.endsWith("\n") ? line : line + "\n";
            } else {
                current.append(line);
            }
            first = false;
        }
        separators.add(separator);
        documents.add(current.toString());
        return new Split(separators, documents);
    }

    private List<Path> files() {
        if (!Files.isDirectory(folder)) {
            throw new StoreException("the folder " + folder + " does not exist", null);
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new StoreException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<Doc> docs() {
        List<Doc> out = new ArrayList<>();
        for (Path file : files()) {
            Split split = split(read(file));
            for (int i = 0; i < split.documents().size(); i++) {
                String text = split.documents().get(i);
                JsonNode tree;
                try {
                    tree = YAML.readTree(text);
                } catch (JsonProcessingException e) {
                    continue; // The gateway reports broken documents; they are nothing to the control API.
                }
                if (tree == null || !tree.isObject()) {
                    continue;
                }
                String namespace = tree.path("metadata").path("namespace").asText("");
                out.add(new Doc(
                        file,
                        i,
                        tree.path("kind").asText(""),
                        namespace.isEmpty() ? ResourceLoader.DEFAULT_NAMESPACE : namespace,
                        tree.path("metadata").path("name").asText(""),
                        text));
            }
        }
        return out;
    }

    @Override
    public <T extends CustomResource<?, ?>> List<T> list(Class<T> kind, String namespace) {
        String name = kind(kind);
        List<T> out = new ArrayList<>();
        for (Doc doc : docs()) {
            if (doc.kind().equals(name) && doc.namespace().equals(namespace)) {
                T resource = load(kind, doc);
                if (resource != null) {
                    out.add(resource);
                }
            }
        }
        out.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        return out;
    }

    private static <T extends CustomResource<?, ?>> T load(Class<T> kind, Doc doc) {
        LoadResult loaded =
                ResourceLoader.load(List.of(new SourceDocument(doc.file() + "#" + doc.index(), doc.text())));
        NamespaceSnapshot snapshot = loaded.snapshots().get(doc.namespace());
        if (snapshot == null) {
            return null;
        }
        for (List<? extends CustomResource<?, ?>> l : List.of(
                snapshot.restApis(),
                snapshot.integrations(),
                snapshot.stages(),
                snapshot.usagePlans(),
                snapshot.apiKeys(),
                snapshot.domainNames(),
                snapshot.gateways(),
                snapshot.apiDeployments())) {
            for (CustomResource<?, ?> r : l) {
                if (kind.isInstance(r)) {
                    return kind.cast(r);
                }
            }
        }
        return null;
    }

    private Optional<Doc> find(String kind, String namespace, String name) {
        return docs().stream()
                .filter(d -> d.kind().equals(kind)
                        && d.namespace().equals(namespace)
                        && d.name().equals(name))
                .findFirst();
    }

    @Override
    public <T extends CustomResource<?, ?>> T create(T resource) {
        synchronized (writeLock) {
            String kind = kind(resource.getClass());
            ObjectMeta meta = resource.getMetadata();
            String namespace = namespaceOf(meta);
            if (find(kind, namespace, meta.getName()).isPresent()) {
                throw new StoreException.Conflict(kind + " " + meta.getName() + " already exists");
            }
            String base = kind.toLowerCase(Locale.ROOT) + "-" + meta.getName();
            writeNew(base, yaml(resource));
            return resource;
        }
    }

    @Override
    public <T extends CustomResource<?, ?>> T update(T resource) {
        synchronized (writeLock) {
            String kind = kind(resource.getClass());
            ObjectMeta meta = resource.getMetadata();
            Doc doc = find(kind, namespaceOf(meta), meta.getName())
                    .orElseThrow(() -> new StoreException.NotFound(kind + " " + meta.getName() + " does not exist"));
            replace(doc, yaml(resource));
            return resource;
        }
    }

    @Override
    public boolean delete(Class<? extends CustomResource<?, ?>> kind, String namespace, String name) {
        synchronized (writeLock) {
            Optional<Doc> doc = find(kind(kind), namespace, name);
            doc.ifPresent(d -> replace(d, null));
            return doc.isPresent();
        }
    }

    @Override
    public Optional<SortedMap<String, byte[]>> secret(String namespace, String name) {
        NamespaceSnapshot snapshot = snapshot(namespace);
        return snapshot.secrets().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .map(SecretInfo::data);
    }

    @Override
    public void putSecret(
            String namespace, String name, String type, Map<String, String> data, Map<String, String> labels) {
        synchronized (writeLock) {
            ObjectNode doc = YAML.createObjectNode();
            doc.put("apiVersion", "v1");
            doc.put("kind", "Secret");
            ObjectNode metadata = doc.putObject("metadata");
            metadata.put("name", name);
            if (!namespace.equals(ResourceLoader.DEFAULT_NAMESPACE)) {
                metadata.put("namespace", namespace);
            }
            if (labels != null && !labels.isEmpty()) {
                ObjectNode l = metadata.putObject("labels");
                new TreeMap<>(labels).forEach(l::put);
            }
            doc.put("type", type == null ? "Opaque" : type);
            ObjectNode stringData = doc.putObject("stringData");
            new TreeMap<>(data).forEach(stringData::put);
            String text;
            try {
                text = YAML.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write Secret " + name, e);
            }
            Optional<Doc> existing = find("Secret", namespace, name);
            if (existing.isPresent()) {
                replace(existing.get(), text);
            } else {
                writeNew("secret-" + name, text);
            }
        }
    }

    @Override
    public boolean deleteSecret(String namespace, String name) {
        synchronized (writeLock) {
            Optional<Doc> doc = find("Secret", namespace, name);
            doc.ifPresent(d -> replace(d, null));
            return doc.isPresent();
        }
    }

    @Override
    public NamespaceSnapshot snapshot(String namespace) {
        List<SourceDocument> sources = new ArrayList<>();
        for (Path file : files()) {
            sources.add(new SourceDocument(folder.relativize(file).toString(), read(file)));
        }
        NamespaceSnapshot s = ResourceLoader.load(sources).snapshots().get(namespace);
        if (s == null) {
            s = NamespaceSnapshot.empty(namespace);
        }
        List<ServiceInfo> services = new ArrayList<>(s.services());
        for (ServiceInfo extra : extraServices) {
            boolean present = services.stream()
                    .anyMatch(
                            x -> x.name().equals(extra.name()) && x.namespace().equals(extra.namespace()));
            if (extra.namespace().equals(namespace) && !present) {
                services.add(extra);
            }
        }
        return s.withServices(services);
    }

    private static String namespaceOf(ObjectMeta meta) {
        String ns = meta.getNamespace();
        return ns == null || ns.isEmpty() ? ResourceLoader.DEFAULT_NAMESPACE : ns;
    }

    private static String kind(Class<?> type) {
        String kind = KINDS.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("not a kind the control API writes: " + type.getSimpleName());
        }
        return kind;
    }

    /** The resource as a user would write it: no status, no server-set metadata, no default namespace. */
    static String yaml(CustomResource<?, ?> resource) {
        ObjectMeta in = resource.getMetadata();
        ObjectMeta clean = new ObjectMeta();
        clean.setName(in.getName());
        if (in.getNamespace() != null && !in.getNamespace().equals(ResourceLoader.DEFAULT_NAMESPACE)) {
            clean.setNamespace(in.getNamespace());
        }
        clean.setLabels(in.getLabels() == null || in.getLabels().isEmpty() ? null : new TreeMap<>(in.getLabels()));
        clean.setAnnotations(
                in.getAnnotations() == null || in.getAnnotations().isEmpty()
                        ? null
                        : new TreeMap<>(in.getAnnotations()));
        ObjectMeta saved = resource.getMetadata();
        resource.setMetadata(clean);
        try {
            return ResourceYaml.write(List.of(resource));
        } finally {
            resource.setMetadata(saved);
        }
    }

    private void writeNew(String base, String text) {
        Path file = folder.resolve(base + ".yaml");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve(base + "-" + n + ".yaml");
        }
        writeAtomically(file, text);
    }

    /** Replaces one document's text (null removes it), keeping the comments above it and the other documents. */
    private void replace(Doc doc, String text) {
        Split split = split(read(doc.file()));
        if (doc.index() >= split.documents().size()) {
            throw new StoreException("the file " + doc.file() + " changed while it was written", null);
        }
        List<String> separators = new ArrayList<>(split.separators());
        List<String> documents = new ArrayList<>(split.documents());
        if (text == null) {
            documents.remove(doc.index());
            String removed = separators.remove(doc.index());
            if (doc.index() == 0 && !separators.isEmpty()) {
                separators.set(0, removed);
            }
        } else {
            documents.set(doc.index(), leadingComments(documents.get(doc.index())) + text);
        }
        boolean empty = documents.stream()
                .allMatch(d -> d.isBlank() || d.lines().allMatch(l -> l.isBlank() || l.startsWith("#")));
        if (empty && text == null) {
            try {
                Files.deleteIfExists(doc.file());
            } catch (IOException e) {
                throw new StoreException("cannot delete " + doc.file() + ": " + e.getMessage(), e);
            }
            return;
        }
        writeAtomically(doc.file(), new Split(separators, documents).join());
    }

    private static String leadingComments(String document) {
        StringBuilder out = new StringBuilder();
        for (String line : document.split("(?<=\n)")) {
            if (line.startsWith("#") || (line.isBlank() && out.length() > 0)) {
                out.append(line);
            } else {
                break;
            }
        }
        return out.toString();
    }

    private static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
