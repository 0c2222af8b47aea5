package dev.tollgate.dataplane.steps.authorizer;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key sets of the JWT authorizers, by JWKS URL, shared by every runtime (a reload keeps them).
 * A set is fetched with the non-blocking {@link UpstreamSender}, kept for {@link #MAX_AGE_NANOS},
 * and refetched early when a token names a key it lacks (rotation), at most once per {@link
 * #MIN_REFRESH_NANOS} so random {@code kid}s cannot make the gateway hammer the issuer. One fetch
 * per URL is in flight at a time; every waiter resumes on its own event loop. A failed refresh keeps
 * the last good set.
 */
public final class JwksCache {
    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    /** How long a fetched set is used before it is refetched. */
    static final long MAX_AGE_NANOS = 300_000_000_000L;

    /** Minimum time between two fetches of one URL caused by unknown keys. */
    static final long MIN_REFRESH_NANOS = 5_000_000_000L;

    static final long FETCH_TIMEOUT_MILLIS = 5_000;
    static final int MAX_JWKS_BYTES = 512 * 1024;

    private final UpstreamSender client;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public JwksCache(UpstreamSender client) {
        this.client = client;
    }

    private static final class Entry {
        volatile JWKSet keys;
        volatile long fetchedAt;
        // Guarded by this entry's monitor (held for a few field writes, never across I/O).
        CompletableFuture<JWKSet> inFlight;
    }

    /** Fetches/fetched counters for tests and metrics. */
    private final AtomicLong fetches = new AtomicLong();

    /** How many fetches were started. */
    public long fetches() {
        return fetches.get();
    }

    /** The cached set of the URL if it is fresh, else null (the caller then calls {@link #load}). */
    JWKSet fresh(String url) {
        Entry e = entries.get(url);
        if (e == null || e.keys == null || System.nanoTime() - e.fetchedAt > MAX_AGE_NANOS) {
            return null;
        }
        return e.keys;
    }

    /** Whether a refetch for an unknown key is allowed now. */
    boolean mayRefresh(String url) {
        Entry e = entries.get(url);
        return e == null || e.keys == null || System.nanoTime() - e.fetchedAt > MIN_REFRESH_NANOS;
    }

    /**
     * Fetches the set (joining a fetch in flight; a new fetch is sent on {@code loop}). The result
     * completes on any thread with the fetched set or, when the fetch failed, the last good set
     * (null when there never was one).
     */
    CompletableFuture<JWKSet> load(String url, EventLoop loop) {
        Entry e = entries.computeIfAbsent(url, u -> new Entry());
        CompletableFuture<JWKSet> future;
        boolean start = false;
        synchronized (e) {
            if (e.inFlight == null) {
                e.inFlight = new CompletableFuture<>();
                start = true;
            }
            future = e.inFlight;
        }
        CompletableFuture<JWKSet> result = future.handle((keys, error) -> error == null ? keys : e.keys);
        if (start) {
            fetch(url, e, loop);
        }
        return result;
    }

    private void fetch(String url, Entry e, EventLoop loop) {
        fetches.incrementAndGet();
        URI uri = URI.create(url);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        UpstreamAddress address =
                https ? UpstreamAddress.https(uri.getHost(), port) : UpstreamAddress.http(uri.getHost(), port);
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target, Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, uri.getPort() > 0 ? uri.getHost() + ":" + port : uri.getHost())
                .set(HttpHeaderNames.ACCEPT, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        Future<FullHttpResponse> sent;
        try {
            sent = client.send(loop, address, request, FETCH_TIMEOUT_MILLIS);
        } catch (RuntimeException ex) {
            finish(url, e, null, ex);
            return;
        }
        sent.addListener(f -> {
            if (!f.isSuccess()) {
                finish(url, e, null, f.cause());
                return;
            }
            FullHttpResponse response = sent.getNow();
            try {
                if (response.status().code() != 200) {
                    finish(
                            url,
                            e,
                            null,
                            new IllegalStateException(
                                    "JWKS answered " + response.status().code()));
                } else if (response.content().readableBytes() > MAX_JWKS_BYTES) {
                    finish(url, e, null, new IllegalStateException("JWKS larger than " + MAX_JWKS_BYTES));
                } else {
                    // Only public keys are kept: a set that published private parts does not leak them further.
                    JWKSet parsed = JWKSet.parse(response.content().toString(StandardCharsets.UTF_8))
                            .toPublicJWKSet();
                    finish(url, e, parsed, null);
                }
            } catch (ParseException | RuntimeException ex) {
                finish(url, e, null, ex);
            } finally {
                response.release();
            }
        });
    }

    private void finish(String url, Entry e, JWKSet keys, Throwable error) {
        CompletableFuture<JWKSet> future;
        synchronized (e) {
            if (keys != null) {
                e.keys = keys;
            }
            // A failure also counts as a fetch, so an unreachable issuer is retried at the refresh pace.
            e.fetchedAt = System.nanoTime();
            future = e.inFlight;
            e.inFlight = null;
        }
        if (error != null) {
            LOG.warn("JWKS {} could not be fetched: {}", url, error.toString());
            future.completeExceptionally(error);
        } else {
            LOG.info("JWKS {} fetched: {} keys", url, keys.getKeys().size());
            future.complete(keys);
        }
    }
}
