package dev.tollgate.dataplane.tls;

import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.upstream.UpstreamClient;
import dev.tollgate.dataplane.upstream.UpstreamClientOptions;
import dev.tollgate.ir.BackendTlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream clients for https Integrations with their own CA bundle: one client (with its own
 * pools) per distinct bundle, trusting only that bundle and verifying the host name. Clients live
 * as long as the server, so reloads keep their connections.
 */
public final class BackendTlsClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendTlsClients.class);

    private final Transport transport;
    private final ConcurrentHashMap<String, UpstreamClient> byBundle = new ConcurrentHashMap<>();
    private volatile KeyMaterial keys = KeyMaterial.NONE;

    public BackendTlsClients(Transport transport) {
        this.transport = transport;
    }

    /** The key material the next runtime is built with. */
    public void keys(KeyMaterial keys) {
        this.keys = keys;
    }

    /** The client trusting the Integration's bundle, or null when the bundle cannot be read. */
    public UpstreamClient client(String namespace, BackendTlsConfig tls) {
        byte[] bundle = keys.value(namespace, tls.caSecretName(), tls.caKey());
        if (bundle == null) {
            LOG.error(
                    "{}/Integration/{}: CA bundle Secret {} is not available",
                    namespace,
                    tls.integrationName(),
                    tls.caSecretName());
            return null;
        }
        // Keyed by the bundle's digest too: a rotated bundle under an unchanged config gets a new client.
        String id = namespace + "/" + tls.caSecretName() + "/" + tls.caKey() + "@" + tls.contentHash() + "@"
                + KeyDigest.of(bundle);
        UpstreamClient existing = byBundle.get(id);
        if (existing != null) {
            return existing;
        }
        try {
            SslContext context = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(new ByteArrayInputStream(bundle))
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
            return byBundle.computeIfAbsent(
                    id, k -> new UpstreamClient(transport, UpstreamClientOptions.defaults(), context));
        } catch (Exception e) {
            LOG.error(
                    "{}/Integration/{}: CA bundle of Secret {} is unusable ({})",
                    namespace,
                    tls.integrationName(),
                    tls.caSecretName(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public void close() {
        byBundle.values().forEach(UpstreamClient::close);
        byBundle.clear();
    }
}
