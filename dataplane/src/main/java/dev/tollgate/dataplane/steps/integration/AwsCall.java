package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.sigv4.AwsRequestSigner;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.ir.AwsServiceConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an AWS integration adds to its backend request: the service protocol's headers ({@code
 * X-Amz-Target} and {@code Content-Type} of a JSON-protocol action) and the SigV4 signature made
 * with the credentials Secret. A missing or incomplete Secret answers 500, logged once per route.
 */
final class AwsCall {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCall.class);

    private final AwsServiceConfig config;
    private final AwsRequestSigner signer;
    private final String namespace;
    private final String name;
    private final AtomicBoolean warned = new AtomicBoolean();

    AwsCall(AwsServiceConfig config, AwsRequestSigner signer, String namespace, String name) {
        this.config = config;
        this.signer = signer;
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * Adds the protocol headers and the signature to {@code out}; false when it cannot be signed.
     *
     * @param payload the body as bytes when the mapping step made it, else null
     * @param fixedBody the body when it is sent whole, or null when it streams
     */
    boolean sign(Exchange exchange, HttpRequest out, byte[] payload, ByteBuf fixedBody, UpstreamAddress address) {
        HttpHeaders headers = out.headers();
        if (config.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, config.contentType());
        }
        if (config.target() != null) {
            headers.set("X-Amz-Target", config.target());
        }
        if (config.credentialsSecret() == null) {
            return true;
        }
        byte[] body = null;
        if (!config.unsignedPayload()) {
            if (payload != null) {
                body = payload;
            } else if (fixedBody != null) {
                body = ByteBufUtil.getBytes(fixedBody);
            } else if (exchange.requestBody().declaredLength() <= 0) {
                body = new byte[0];
            } else {
                // The mapping step reads every signed body; a streamed one here is a bug, not input.
                LOG.error("{}: the body of an AWS call streams but its hash must be signed", name);
                return false;
            }
        }
        Map<String, String> signed = new TreeMap<>();
        for (Map.Entry<String, String> h : headers) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("content-type") || lower.equals("content-md5") || lower.startsWith("x-amz-")) {
                signed.put(h.getKey(), h.getValue());
            }
        }
        String uri = out.uri();
        int q = uri.indexOf('?');
        Map<String, String> signature = signer.sign(
                namespace,
                config,
                new AwsRequestSigner.Call(
                        out.method().name(),
                        address.scheme(),
                        address.host(),
                        address.port(),
                        q < 0 ? uri : uri.substring(0, q),
                        q < 0 ? "" : uri.substring(q + 1),
                        signed,
                        body));
        if (signature == null) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn(
                        "{}: Secret {}/{} lacks {} or {}; the AWS integration answers 500 until it has them",
                        name,
                        namespace,
                        config.credentialsSecret(),
                        AwsServiceConfig.ACCESS_KEY_ID,
                        AwsServiceConfig.SECRET_ACCESS_KEY);
            }
            return false;
        }
        warned.set(false);
        signature.forEach(headers::set);
        return true;
    }
}
