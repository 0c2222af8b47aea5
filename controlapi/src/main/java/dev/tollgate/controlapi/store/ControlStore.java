package dev.tollgate.controlapi.store;

import dev.tollgate.compiler.NamespaceSnapshot;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where the control API's resources live. Reads reflect what is there now (a hand edit or a
 * {@code kubectl apply} is seen by the next read); writes go to the user's source of truth.
 * Implementations throw {@link StoreException} for conflicts, missing resources and
 * infrastructure faults, never for valid input.
 */
public interface ControlStore {
    /** Every resource of a kind in a namespace, sorted by name. */
    <T extends CustomResource<?, ?>> List<T> list(Class<T> kind, String namespace);

    /** One resource, or empty. */
    default <T extends CustomResource<?, ?>> Optional<T> get(Class<T> kind, String namespace, String name) {
        return list(kind, namespace).stream()
                .filter(r -> name.equals(r.getMetadata().getName()))
                .findFirst();
    }

    /** Creates a resource; {@link StoreException.Conflict} when one of that kind and name exists. */
    <T extends CustomResource<?, ?>> T create(T resource);

    /** Replaces a resource's metadata labels/annotations and spec; {@link StoreException.NotFound} when absent. */
    <T extends CustomResource<?, ?>> T update(T resource);

    /** Deletes a resource; false when it did not exist. */
    boolean delete(Class<? extends CustomResource<?, ?>> kind, String namespace, String name);

    /** A Secret's decoded data, or empty when there is no such Secret. */
    Optional<SortedMap<String, byte[]>> secret(String namespace, String name);

    /** Creates or replaces an Opaque Secret with these string values and labels. */
    void putSecret(String namespace, String name, String type, Map<String, String> data, Map<String, String> labels);

    /** Deletes a Secret; false when it did not exist. */
    boolean deleteSecret(String namespace, String name);

    /** Everything the compiler needs about a namespace, as the gateway will see it. */
    NamespaceSnapshot snapshot(String namespace);
}
