package dev.tollgate.operator.controlapi;

import dev.tollgate.controlapi.ControlApi;
import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.controlapi.auth.SubjectAccessReviews;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.controlapi.store.KubernetesStore;
import dev.tollgate.controlapi.v1.UsageSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the AWS-compatible control API when {@code tollgate.control-api.enabled} is true: custom
 * resources through the API server in the namespace each access key maps to, keys from Secrets in
 * {@code tollgate.control-api.credentials-namespace} (the operator's namespace by default), and
 * every read and write checked with a SubjectAccessReview for the key's identity. It serves on
 * every replica (it holds no state), on its own port and threads.
 */
@ApplicationScoped
public class ControlApiStartup {
    private static final Logger LOG = Logger.getLogger(ControlApiStartup.class);

    @ConfigProperty(name = "tollgate.control-api.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "tollgate.control-api.port", defaultValue = "8090")
    int port;

    @ConfigProperty(name = "tollgate.control-api.bind", defaultValue = "0.0.0.0")
    String bind;

    @ConfigProperty(name = "tollgate.control-api.credentials-namespace")
    Optional<String> credentialsNamespace;

    @Inject
    KubernetesClient client;

    private volatile ControlApiServer server;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        String keys =
                credentialsNamespace.orElseGet(() -> client.getNamespace() == null ? "default" : client.getNamespace());
        ControlApi.Settings settings = new ControlApi.Settings(
                new KubernetesStore(client),
                new SecretCredentials(client, keys),
                new SubjectAccessReviews(client),
                UsageSource.none(),
                Clock.systemUTC());
        try {
            server = ControlApi.start(bind, port, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the control API on " + bind + ":" + port, e);
        }
        LOG.infof(
                "control API (AWS API Gateway, SigV4) on %s:%d; access keys from Secrets in %s",
                bind, server.port(), keys);
    }

    void stop(@Observes ShutdownEvent event) {
        ControlApiServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The port served, or -1 when the control API is off. */
    public int port() {
        ControlApiServer s = server;
        return s == null ? -1 : s.port();
    }
}
