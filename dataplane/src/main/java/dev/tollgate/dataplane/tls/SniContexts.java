package dev.tollgate.dataplane.tls;

import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.Mapping;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate of each custom domain, looked up by the SNI name of each new handshake. {@link
 * #update} builds contexts for new or changed Secrets (by content hash, so an unchanged
 * certificate keeps its context) and swaps the whole map at once: new handshakes use the new
 * certificate, established connections keep theirs, nothing restarts. A name without a
 * certificate gets no handshake.
 */
public final class SniContexts implements Mapping<String, SslContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SniContexts.class);

    private record Built(String fingerprint, SslContext context) {}

    private volatile Map<String, Built> byHost = Map.of();

    @Override
    public SslContext map(String hostname) {
        if (hostname == null) {
            return null;
        }
        Built b = byHost.get(hostname.toLowerCase(Locale.ROOT));
        return b == null ? null : b.context();
    }

    /** The host names that have a certificate now. */
    public Set<String> hosts() {
        return byHost.keySet();
    }

    /**
     * Rebuilds the map for these configs. A domain whose Secret is missing or unreadable is left out
     * (logged by name, never by content); the others keep serving.
     */
    public synchronized void update(List<GatewayConfig> configs, KeyMaterial keys) {
        Map<String, Built> old = byHost;
        Map<String, Built> next = new HashMap<>();
        for (GatewayConfig config : configs) {
            for (DomainConfig domain : config.domains()) {
                DomainTlsConfig tls = domain.tls();
                if (tls == null) {
                    continue;
                }
                String fingerprint = config.namespace() + "|" + tls + "|" + valuesDigest(config.namespace(), tls, keys);
                Built previous = old.get(domain.domainName());
                if (previous != null && previous.fingerprint().equals(fingerprint)) {
                    next.put(domain.domainName(), previous);
                    continue;
                }
                try {
                    next.put(domain.domainName(), new Built(fingerprint, build(config.namespace(), tls, keys)));
                    LOG.info(
                            "{}/DomainName/{}: certificate from Secret {} loaded",
                            config.namespace(),
                            domain.domainName(),
                            tls.secretName());
                } catch (Exception | AssertionError e) {
                    LOG.error(
                            "{}/DomainName/{}: cannot load the certificate of Secret {} ({}); the domain gets no"
                                    + " TLS handshake",
                            config.namespace(),
                            domain.domainName(),
                            tls.secretName(),
                            e.getClass().getSimpleName());
                }
            }
        }
        byHost = Map.copyOf(next);
    }

    /** Digest of the Secret values the domain's context is built from, so rotated values rebuild it. */
    private static String valuesDigest(String namespace, DomainTlsConfig tls, KeyMaterial keys) {
        return KeyDigest.of(
                keys.value(namespace, tls.secretName(), DomainTlsConfig.CERTIFICATE_KEY),
                keys.value(namespace, tls.secretName(), DomainTlsConfig.PRIVATE_KEY_KEY),
                tls.truststore() == null
                        ? null
                        : keys.value(
                                namespace,
                                tls.truststore().secretName(),
                                tls.truststore().key()));
    }

    private static SslContext build(String namespace, DomainTlsConfig tls, KeyMaterial keys) throws Exception {
        byte[] cert = keys.value(namespace, tls.secretName(), DomainTlsConfig.CERTIFICATE_KEY);
        byte[] key = keys.value(namespace, tls.secretName(), DomainTlsConfig.PRIVATE_KEY_KEY);
        if (cert == null || key == null) {
            throw new IllegalStateException("Secret values missing");
        }
        SslContextBuilder builder =
                SslContextBuilder.forServer(new ByteArrayInputStream(cert), new ByteArrayInputStream(key));
        builder.protocols(
                tls.minimumVersion().equals("TLSv1.3")
                        ? new String[] {"TLSv1.3"}
                        : new String[] {"TLSv1.3", "TLSv1.2"});
        // HTTP/2 where the client offers it, else HTTP/1.1.
        builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2,
                ApplicationProtocolNames.HTTP_1_1));
        if (tls.truststore() != null) {
            byte[] ca = keys.value(
                    namespace, tls.truststore().secretName(), tls.truststore().key());
            if (ca == null) {
                throw new IllegalStateException("trust store missing");
            }
            builder.trustManager(new ByteArrayInputStream(ca)).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }
}
