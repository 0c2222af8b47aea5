package dev.tollgate.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The YAML fixtures under {@code src/test/resources/fixtures}, applied as a user would. */
public final class Fixtures {
    private Fixtures() {}

    /** The objects of a fixture file, as loaded by the client. */
    public static List<HasMetadata> load(KubernetesClient client, String fixture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or replaces) every object of a fixture in {@code namespace}. */
    public static void apply(KubernetesClient client, String fixture, String namespace) {
        for (HasMetadata item : load(client, fixture)) {
            item.getMetadata().setNamespace(namespace);
            client.resource(item).inNamespace(namespace).createOr(op -> op.update());
        }
    }

    /** Creates (or replaces) every object of a fixture in the namespace each object names. */
    public static void apply(KubernetesClient client, String fixture) {
        for (HasMetadata item : load(client, fixture)) {
            client.resource(item).createOr(op -> op.update());
        }
    }
}
