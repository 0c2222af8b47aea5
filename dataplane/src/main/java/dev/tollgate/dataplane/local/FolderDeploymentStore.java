package dev.tollgate.dataplane.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.openapi.ResourceYaml;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.dataplane.release.DeploymentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The release commands' store in a folder of YAML, the one local mode serves: a new ApiDeployment
 * becomes {@code apideployments/<name>.yaml}; a Stage is edited in the file and document that
 * define it, only its {@code spec.deployment}, {@code spec.canary} and {@code spec.variables}
 * rewritten (the rest of the document keeps its order; comments inside it are lost, the file's
 * other documents are kept as written). Every write replaces its file atomically, so the running
 * gateway never reloads half a file. The folder is the source of truth: commit it, or apply it.
 */
public final class FolderDeploymentStore implements DeploymentStore {
    /** The folder new ApiDeployments are written to, under the served folder. */
    public static final String DEPLOYMENTS_FOLDER = "apideployments";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = ResourceYaml.mapper();

    private final Path folder;
    private final String namespace;

    /**
     * @param folder the folder
     * @param namespace the namespace worked on, or null: the folder's only namespace, else {@code
     *     default}
     */
    public FolderDeploymentStore(Path folder, String namespace) {
        this.folder = folder;
        this.namespace = namespace != null ? namespace : onlyNamespace(folder);
    }

    private static String onlyNamespace(Path folder) {
        LoadResult loaded = ResourceLoader.load(FolderSources.read(folder).sources());
        return loaded.snapshots().size() == 1 ? loaded.snapshots().firstKey() : ResourceLoader.DEFAULT_NAMESPACE;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String describe() {
        return folder + " (namespace " + namespace + ")";
    }

    @Override
    public NamespaceSnapshot snapshot() {
        FolderSources read = FolderSources.read(folder);
        if (!read.problems().isEmpty()) {
            throw new UncheckedIOException(new IOException(String.join("; ", read.problems())));
        }
        NamespaceSnapshot s = ResourceLoader.load(read.sources()).snapshots().get(namespace);
        return s != null ? s : NamespaceSnapshot.empty(namespace);
    }

    @Override
    public void create(ApiDeployment deployment) {
        Path file = folder.resolve(DEPLOYMENTS_FOLDER)
                .resolve(deployment.getMetadata().getName() + ".yaml");
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists");
        }
        ApiDeployment written = JSON.convertValue(deployment, ApiDeployment.class);
        // A folder without namespaces is applied with kubectl -n; only another namespace is written.
        if (ResourceLoader.DEFAULT_NAMESPACE.equals(namespace)) {
            written.getMetadata().setNamespace(null);
        }
        // Not ResourceYaml.write: it drops empty values, and the snapshot's free-form parts keep theirs (the
        // content id covers them).
        JsonNode tree = JSON.valueToTree(written);
        ObjectNode doc = YAML.createObjectNode();
        for (String field : List.of("apiVersion", "kind", "metadata", "spec")) {
            doc.set(field, tree.get(field));
        }
        write(
                file,
                "# Made by the deploy command; an ApiDeployment is immutable: deploy again to change it.\n"
                        + yaml(doc));
    }

    @Override
    public void writeStage(Stage stage) {
        Located at = locate("Stage", stage.getMetadata().getName());
        ObjectNode doc = (ObjectNode) at.tree();
        ObjectNode spec = doc.withObject("/spec");
        JsonNode edited = JSON.valueToTree(stage.getSpec());
        for (String field : List.of("deployment", "canary", "variables")) {
            JsonNode value = edited.get(field);
            if (value == null || value.isNull() || value.isEmpty()) {
                spec.remove(field);
            } else {
                spec.set(field, value);
            }
        }
        List<String> docs = new ArrayList<>(at.documents());
        docs.set(at.index(), at.leadingComments() + yaml(doc));
        write(at.file(), join(docs));
    }

    @Override
    public void delete(ApiDeployment deployment) {
        Located at = locate("ApiDeployment", deployment.getMetadata().getName());
        List<String> docs = new ArrayList<>(at.documents());
        docs.remove(at.index());
        boolean empty = docs.stream().allMatch(d -> d.lines().allMatch(l -> l.isBlank() || l.startsWith("#")));
        try {
            if (empty) {
                Files.delete(at.file());
            } else {
                write(at.file(), join(docs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {}

    /** A resource's document: its file, the file's documents, which one it is, its tree and leading comments. */
    private record Located(Path file, List<String> documents, int index, JsonNode tree, String leadingComments) {}

    private Located locate(String kind, String name) {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile)
                    .filter(FolderSources::isYaml)
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            List<String> docs;
            try {
                docs = split(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < docs.size(); i++) {
                JsonNode tree;
                try {
                    tree = YAML.readTree(docs.get(i));
                } catch (JsonProcessingException e) {
                    continue;
                }
                if (tree == null || !tree.isObject()) {
                    continue;
                }
                String ns = tree.path("metadata").path("namespace").asText("");
                if (kind.equals(tree.path("kind").asText())
                        && name.equals(tree.path("metadata").path("name").asText())
                        && namespace.equals(ns.isEmpty() ? ResourceLoader.DEFAULT_NAMESPACE : ns)) {
                    return new Located(file, docs, i, tree, leadingComments(docs.get(i)));
                }
            }
        }
        throw new IllegalStateException("no " + kind + " " + name + " in " + describe());
    }

    // Documents split as the loader splits them: on lines that are "---" (with optional trailing text).
    private static List<String> split(String text) {
        List<String> docs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.equals("---") || line.startsWith("--- ") || line.equals("---\r")) {
                docs.add(current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        String last = current.toString();
        docs.add(last.endsWith("\n") ? last.substring(0, last.length() - 1) : last);
        return docs;
    }

    private static String join(List<String> docs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            String d = docs.get(i);
            out.append(d);
            if (!d.isEmpty() && !d.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String leadingComments(String doc) {
        StringBuilder out = new StringBuilder();
        for (String line : doc.split("\n", -1)) {
            if (line.startsWith("#") || (line.isBlank() && out.length() > 0)) {
                out.append(line).append('\n');
            } else if (!line.isBlank()) {
                break;
            }
        }
        return out.toString().stripTrailing().isEmpty() ? "" : out.toString().stripTrailing() + "\n";
    }

    private static String yaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // Written beside the target under a name the folder's readers skip, then moved over it.
    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
