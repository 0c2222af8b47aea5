package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A RestApi as AWS sees it: a tree of resources with stable ids (a hash of the API and the path),
 * and methods. A method put without an integration yet (AWS's put-method comes before
 * put-integration) cannot be served, so it waits in the annotation {@value #PENDING} until its
 * integration arrives; the gateway never sees it.
 */
public final class ApiView {
    /** The display name AWS gives an API, key or plan (metadata.name is its id). */
    public static final String NAME = "apigateway.tollgate.dev/name";
    /** Methods put without an integration yet, as JSON by path and HTTP method. */
    static final String PENDING = "apigateway.tollgate.dev/pending-methods";
    /** On Integrations and Stages written for an API: which API they belong to. */
    public static final String API_LABEL = "apigateway.tollgate.dev/rest-api";

    private static final TypeReference<TreeMap<String, TreeMap<String, Method>>> PENDING_TYPE =
            new TypeReference<>() {};

    final RestApi api;
    final String id;
    private final TreeMap<String, TreeMap<String, Method>> pending;

    ApiView(RestApi api) {
        this.api = api;
        this.id = api.getMetadata().getName();
        if (api.getSpec() == null) {
            api.setSpec(new RestApiSpec());
        }
        String text = annotations().get(PENDING);
        TreeMap<String, TreeMap<String, Method>> parsed = null;
        if (text != null) {
            try {
                parsed = Json.MAPPER.readValue(text, PENDING_TYPE);
            } catch (IOException e) {
                parsed = null; // A hand-broken annotation: the pending methods are lost, the API is not.
            }
        }
        this.pending = parsed == null ? new TreeMap<>() : parsed;
    }

    RestApiSpec spec() {
        return api.getSpec();
    }

    Map<String, String> annotations() {
        if (api.getMetadata().getAnnotations() == null) {
            api.getMetadata().setAnnotations(new HashMap<>());
        }
        return api.getMetadata().getAnnotations();
    }

    /** Sets the display name AWS shows for a resource whose id is its metadata.name. */
    public static void setDisplayName(HasMetadata resource, String name) {
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        resource.getMetadata().getAnnotations().put(NAME, name);
    }

    String displayName() {
        return annotations().getOrDefault(NAME, id);
    }

    List<Resource> resources() {
        if (spec().getResources() == null) {
            spec().setResources(new ArrayList<>());
        }
        return spec().getResources();
    }

    /** Every resource path: the root, the declared ones, their ancestors and pending ones, sorted. */
    SortedSet<String> paths() {
        SortedSet<String> out = new TreeSet<>();
        out.add("/");
        List<String> declared = new ArrayList<>();
        if (spec().getResources() != null) {
            spec().getResources().forEach(r -> declared.add(r.getPath()));
        }
        declared.addAll(pending.keySet());
        for (String p : declared) {
            if (p == null || !p.startsWith("/")) {
                continue;
            }
            String path = p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            out.add(path);
            int slash = path.lastIndexOf('/');
            while (slash > 0) {
                path = path.substring(0, slash);
                out.add(path);
                slash = path.lastIndexOf('/');
            }
        }
        return out;
    }

    String resourceId(String path) {
        return Ids.stable(id, path);
    }

    /** The path of a resource id, or NotFoundException. */
    String pathOf(String resourceId) {
        for (String p : paths()) {
            if (resourceId(p).equals(resourceId)) {
                return p;
            }
        }
        throw AwsException.notFound("Invalid Resource identifier specified");
    }

    Resource declared(String path) {
        if (spec().getResources() == null) {
            return null;
        }
        return spec().getResources().stream()
                .filter(r -> path.equals(r.getPath()))
                .findFirst()
                .orElse(null);
    }

    /** The declared resource of a path, added when missing. */
    Resource ensure(String path) {
        Resource r = declared(path);
        if (r == null) {
            r = new Resource();
            r.setPath(path);
            resources().add(r);
        }
        return r;
    }

    /** Every method of a path: served ones and pending ones, by HTTP method. */
    TreeMap<String, Method> methods(String path) {
        TreeMap<String, Method> out = new TreeMap<>(pending.getOrDefault(path, new TreeMap<>()));
        Resource r = declared(path);
        if (r != null && r.getMethods() != null) {
            r.getMethods().forEach(m -> out.put(m.getHttpMethod().name(), m));
        }
        return out;
    }

    /** One method, or NotFoundException as AWS words it. */
    Method method(String path, String httpMethod) {
        Method m = methods(path).get(httpMethod);
        if (m == null) {
            throw AwsException.notFound("Invalid Method identifier specified");
        }
        return m;
    }

    boolean isPending(String path, String httpMethod) {
        return pending.containsKey(path) && pending.get(path).containsKey(httpMethod);
    }

    /** Puts a method: served when it has an integration, pending otherwise. */
    void putMethod(String path, Method method) {
        String name = method.getHttpMethod().name();
        removeMethod(path, name);
        if (method.getIntegration() == null) {
            pending.computeIfAbsent(path, p -> new TreeMap<>()).put(name, method);
        } else {
            Resource r = ensure(path);
            if (r.getMethods() == null) {
                r.setMethods(new ArrayList<>());
            }
            r.getMethods().add(method);
        }
    }

    void removeMethod(String path, String httpMethod) {
        if (pending.containsKey(path)) {
            pending.get(path).remove(httpMethod);
            if (pending.get(path).isEmpty()) {
                pending.remove(path);
            }
        }
        Resource r = declared(path);
        if (r != null && r.getMethods() != null) {
            r.getMethods().removeIf(m -> m.getHttpMethod().name().equals(httpMethod));
            if (r.getMethods().isEmpty()) {
                r.setMethods(null);
            }
        }
    }

    /** Removes a resource and everything under it; returns the removed methods' integration refs. */
    List<String> removeTree(String path) {
        List<String> refs = new ArrayList<>();
        String prefix = path.equals("/") ? "/" : path + "/";
        if (spec().getResources() != null) {
            spec().getResources().removeIf(r -> {
                boolean under = r.getPath().equals(path) || r.getPath().startsWith(prefix);
                if (under && r.getMethods() != null) {
                    r.getMethods().forEach(m -> refs.add(m.getIntegration().getIntegrationRef()));
                }
                return under;
            });
        }
        pending.keySet().removeIf(p -> p.equals(path) || p.startsWith(prefix));
        return refs;
    }

    /** The API with the pending methods written back to their annotation. */
    RestApi save() {
        if (pending.isEmpty()) {
            annotations().remove(PENDING);
        } else {
            annotations().put(PENDING, Json.write(pending));
        }
        if (spec().getResources() != null && spec().getResources().isEmpty()) {
            spec().setResources(null);
        }
        return api;
    }

    /** An HTTP method of a path parameter: AWS's names, upper case. */
    static String httpMethod(String text) {
        String m = text == null ? "" : text.toUpperCase(Locale.ROOT);
        try {
            HttpMethod.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw AwsException.badRequest(
                    "Invalid HttpMethod specified. Valid options are ANY,DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT");
        }
        return m;
    }
}
