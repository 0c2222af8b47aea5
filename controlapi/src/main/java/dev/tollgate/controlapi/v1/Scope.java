package dev.tollgate.controlapi.v1;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.controlapi.auth.AccessPolicy;
import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.store.ControlStore;
import dev.tollgate.controlapi.store.StoreException;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * One caller's view of its namespace: reads and writes through the store, each checked against
 * the access policy, and writes validated with the compiler first, so the control API never
 * writes what the gateway would refuse (in local mode one bad document would stop the whole
 * folder from reloading).
 */
public final class Scope {
    /** A write to make: a resource to create or update, or a resource (kind and name) to delete. */
    public sealed interface Change {
        /** Creates the resource (ConflictException when it exists). */
        record Create(CustomResource<?, ?> resource) implements Change {}

        /** Replaces the resource. */
        record Update(CustomResource<?, ?> resource) implements Change {}

        /** Deletes the resource. */
        record Delete(Class<? extends CustomResource<?, ?>> kind, String name) implements Change {}
    }

    private final ControlStore store;
    private final Caller caller;
    private final AccessPolicy policy;
    // One request asks the same question several times (find, then write): ask the policy once.
    private final Map<String, Boolean> decisions = new HashMap<>();

    public Scope(ControlStore store, Caller caller, AccessPolicy policy) {
        this.store = store;
        this.caller = caller;
        this.policy = policy;
    }

    /** The caller's namespace. */
    public String namespace() {
        return caller.namespace();
    }

    public Caller caller() {
        return caller;
    }

    public ControlStore store() {
        return store;
    }

    /** Whether the caller may read Secrets (API key values). */
    public boolean maySee(String secretName) {
        return decide("get", "", "secrets", secretName);
    }

    private boolean decide(String verb, String group, String plural, String name) {
        return decisions.computeIfAbsent(
                verb + " " + group + "/" + plural + "/" + name, k -> policy.allows(caller, verb, group, plural, name));
    }

    /** Refuses with AccessDeniedException unless the caller may do {@code verb} on the kind. */
    public void check(String verb, Class<? extends HasMetadata> kind, String name) {
        String group = kind == Secret.class ? "" : Crds.GROUP;
        String plural = HasMetadata.getPlural(kind);
        if (!decide(verb, group, plural, name == null ? "" : name)) {
            throw AwsException.accessDenied("User: " + caller.username() + " is not authorized to perform: " + verb
                    + " on resource: " + plural + (name == null || name.isEmpty() ? "" : "/" + name)
                    + " in namespace " + caller.namespace());
        }
    }

    /** Every resource of a kind in the namespace. */
    public <T extends CustomResource<?, ?>> List<T> list(Class<T> kind) {
        check("list", kind, null);
        return guard(() -> store.list(kind, caller.namespace()));
    }

    /** One resource, or empty. */
    public <T extends CustomResource<?, ?>> Optional<T> find(Class<T> kind, String name) {
        check("get", kind, name);
        return guard(() -> store.get(kind, caller.namespace(), name));
    }

    /** One resource, or NotFoundException with {@code message}. */
    public <T extends CustomResource<?, ?>> T require(Class<T> kind, String name, String message) {
        return find(kind, name).orElseThrow(() -> AwsException.notFound(message));
    }

    /** The RestApi of an id, or NotFoundException as AWS words it. */
    public RestApi restApi(String id) {
        return require(RestApi.class, id, "Invalid API identifier specified " + caller.namespace() + ":" + id);
    }

    /**
     * Validates the changes against the namespace as the gateway compiles it, then makes them in
     * order. Refused with BadRequestException when they give any resource more errors than it had.
     */
    public void apply(List<Change> changes) {
        for (Change c : changes) {
            if (c instanceof Change.Create cr) {
                check(
                        "create",
                        cr.resource().getClass(),
                        cr.resource().getMetadata().getName());
            } else if (c instanceof Change.Update up) {
                check(
                        "update",
                        up.resource().getClass(),
                        up.resource().getMetadata().getName());
            } else if (c instanceof Change.Delete d) {
                check("delete", d.kind(), d.name());
            }
        }
        validate(changes);
        for (Change c : changes) {
            guard(() -> {
                if (c instanceof Change.Create cr) {
                    cr.resource().getMetadata().setNamespace(caller.namespace());
                    store.create(cr.resource());
                } else if (c instanceof Change.Update up) {
                    up.resource().getMetadata().setNamespace(caller.namespace());
                    store.update(up.resource());
                } else if (c instanceof Change.Delete d) {
                    store.delete(d.kind(), caller.namespace(), d.name());
                }
                return null;
            });
        }
    }

    /** As {@link #apply(List)} for one change. */
    public void apply(Change change) {
        apply(List.of(change));
    }

    private void validate(List<Change> changes) {
        NamespaceSnapshot before = guard(() -> store.snapshot(caller.namespace()));
        Lists lists = new Lists(before);
        for (Change c : changes) {
            if (c instanceof Change.Create cr) {
                lists.put(cr.resource());
            } else if (c instanceof Change.Update up) {
                lists.put(up.resource());
            } else if (c instanceof Change.Delete d) {
                lists.remove(d.kind(), d.name());
            }
        }
        NamespaceSnapshot after = lists.snapshot(before);
        Compiler compiler = new Compiler();
        CompileResult was = compiler.compile(before);
        CompileResult will = compiler.compile(after);
        Map<String, Integer> errorsBefore = errorCounts(was.findings());
        Map<String, Integer> errorsAfter = errorCounts(will.findings());
        Set<String> wasMessages = new LinkedHashSet<>();
        was.findings().stream().filter(Finding::isError).forEach(f -> wasMessages.add(f.resource() + f.message()));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> e : errorsAfter.entrySet()) {
            if (e.getValue() > errorsBefore.getOrDefault(e.getKey(), 0)) {
                will.findings().stream()
                        .filter(f -> f.isError() && f.resource().toString().equals(e.getKey()))
                        .filter(f -> !wasMessages.contains(f.resource() + f.message()))
                        .forEach(f -> problems.add(
                                f.resource().kind() + " " + f.resource().name()
                                        + (f.field().isEmpty() ? "" : " " + f.field()) + ": " + f.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw AwsException.badRequest(String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        }
    }

    private static Map<String, Integer> errorCounts(List<Finding> findings) {
        Map<String, Integer> out = new HashMap<>();
        for (Finding f : findings) {
            if (f.isError()) {
                out.merge(f.resource().toString(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Store faults as AWS errors. */
    public static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (StoreException.Conflict e) {
            throw AwsException.conflict(e.getMessage());
        } catch (StoreException.NotFound e) {
            throw AwsException.notFound(e.getMessage());
        } catch (StoreException.Forbidden e) {
            throw AwsException.accessDenied(e.getMessage());
        } catch (StoreException e) {
            throw AwsException.unavailable(e.getMessage());
        }
    }

    /** The snapshot's resource lists, by kind, with changes applied. */
    private static final class Lists {
        private final Map<Class<?>, List<CustomResource<?, ?>>> byKind = new HashMap<>();

        Lists(NamespaceSnapshot s) {
            byKind.put(RestApi.class, new ArrayList<>(s.restApis()));
            byKind.put(Integration.class, new ArrayList<>(s.integrations()));
            byKind.put(Stage.class, new ArrayList<>(s.stages()));
            byKind.put(UsagePlan.class, new ArrayList<>(s.usagePlans()));
            byKind.put(ApiKey.class, new ArrayList<>(s.apiKeys()));
            byKind.put(DomainName.class, new ArrayList<>(s.domainNames()));
            byKind.put(Gateway.class, new ArrayList<>(s.gateways()));
            byKind.put(ApiDeployment.class, new ArrayList<>(s.apiDeployments()));
        }

        void put(CustomResource<?, ?> r) {
            remove(r.getClass(), r.getMetadata().getName());
            byKind.get(r.getClass()).add(r);
        }

        void remove(Class<?> kind, String name) {
            byKind.get(kind).removeIf(x -> x.getMetadata().getName().equals(name));
        }

        @SuppressWarnings("unchecked")
        private <T> List<T> of(Class<T> kind) {
            return (List<T>) (List<?>) byKind.get(kind);
        }

        NamespaceSnapshot snapshot(NamespaceSnapshot s) {
            return s.withRestApis(of(RestApi.class))
                    .withIntegrations(of(Integration.class))
                    .withStages(of(Stage.class))
                    .withUsagePlans(of(UsagePlan.class))
                    .withApiKeys(of(ApiKey.class))
                    .withDomainNames(of(DomainName.class))
                    .withGateways(of(Gateway.class))
                    .withApiDeployments(of(ApiDeployment.class));
        }
    }

    /** The decoded data of a Secret the caller may read, or empty. */
    public Optional<SortedMap<String, byte[]>> secret(String name) {
        check("get", Secret.class, name);
        return guard(() -> store.secret(caller.namespace(), name));
    }
}
