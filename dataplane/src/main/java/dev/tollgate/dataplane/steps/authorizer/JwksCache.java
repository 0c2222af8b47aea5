package dev.tollgate.dataplane.steps.authorizer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.JwtAuthorizerConfig;
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
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key sets of the JWT authorizers, by where they come from (a JWKS URL, or an issuer whose
 * OpenID Connect discovery document names it), shared by every runtime (a reload keeps them). A set
 * is fetched with the non-blocking {@link UpstreamSender}, used for {@link #MAX_AGE_MILLIS}, and
 * refetched early when a token names a key it lacks (rotation), at most once per {@link
 * #MIN_REFRESH_MILLIS} so random {@code kid}s cannot make the gateway hammer the issuer. One fetch
 * per source is in flight at a time; every waiter resumes on its own event loop.
 *
 * <p>A failed refresh keeps the last good set, but not forever: {@link #MAX_STALE_MILLIS} after the
 * last successful fetch the set is dropped and tokens are refused until the JWKS answers again, so a
 * key the issuer revoked while its JWKS was unreachable stops working on a known schedule. Keys are
 * fetched over https only, unless the authorizer allows plain http (local development); a discovered
 * {@code jwks_uri} obeys the same rule, and a discovery document for another issuer is refused.
 */
public final class JwksCache {
    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    /** How long a fetched set is used before it is refetched. */
    static final long MAX_AGE_MILLIS = 300_000;

    /** Minimum time between two fetches of one source caused by unknown keys or failures. */
    static final long MIN_REFRESH_MILLIS = 5_000;

    /** How long after the last successful fetch a set is still used while refreshes fail. */
    static final long MAX_STALE_MILLIS = 3_600_000;

    static final long FETCH_TIMEOUT_MILLIS = 5_000;
    static final int MAX_JWKS_BYTES = 512 * 1024;

    private final UpstreamSender client;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public JwksCache(UpstreamSender client) {
        this(client, Clock.systemUTC());
    }

    /** A cache whose ages are read from {@code clock}. */
    public JwksCache(UpstreamSender client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Where an authorizer's keys come from.
     *
     * @param jwksUri the key set's URL, or null to discover it
     * @param issuer the issuer (the discovery document's {@code issuer} must equal it)
     * @param discoveryUri the issuer's OpenID Connect discovery document, used without {@code jwksUri}
     * @param allowHttp whether plain http may be used
     */
    record Source(String jwksUri, String issuer, String discoveryUri, boolean allowHttp) {
        static Source of(JwtAuthorizerConfig config) {
            return new Source(config.jwksUri(), config.issuer(), config.discoveryUri(), config.allowInsecureHttp());
        }

        /** The cache key: the JWKS URL, or the discovery URL (with the http allowance, which changes the answer). */
        String key() {
            return (jwksUri != null ? jwksUri : "discovery " + discoveryUri) + (allowHttp ? " http" : "");
        }
    }

    private static final class Entry {
        volatile JWKSet keys;
        /** When the last fetch was tried (paces retries). */
        volatile long triedAt;
        /** When {@link #keys} were fetched. */
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

    /** The cached set of the source if it is fresh, else null (the caller then calls {@link #load}). */
    JWKSet fresh(Source source) {
        Entry e = entries.get(source.key());
        long now = clock.millis();
        if (e == null || e.keys == null || now - e.triedAt > MAX_AGE_MILLIS || now - e.fetchedAt > MAX_STALE_MILLIS) {
            return null;
        }
        return e.keys;
    }

    /** Whether a refetch for an unknown key is allowed now. */
    boolean mayRefresh(Source source) {
        Entry e = entries.get(source.key());
        return e == null || e.keys == null || clock.millis() - e.triedAt > MIN_REFRESH_MILLIS;
    }

    /**
     * Fetches the set (joining a fetch in flight; a new fetch is sent on {@code loop}). The result
     * completes on any thread with the fetched set or, when the fetch failed, the last good set if
     * it is younger than {@link #MAX_STALE_MILLIS} (else null).
     */
    CompletableFuture<JWKSet> load(Source source, EventLoop loop) {
        Entry e = entries.computeIfAbsent(source.key(), u -> new Entry());
        CompletableFuture<JWKSet> future;
        boolean start = false;
        synchronized (e) {
            if (e.inFlight == null) {
                e.inFlight = new CompletableFuture<>();
                start = true;
            }
            future = e.inFlight;
        }
        CompletableFuture<JWKSet> result = future.handle((keys, error) -> error == null ? keys : usable(e));
        if (start) {
            fetches.incrementAndGet();
            CompletableFuture<String> jwksUri = source.jwksUri() != null
                    ? CompletableFuture.completedFuture(source.jwksUri())
                    : get(source.discoveryUri(), source.allowHttp(), loop)
                            .thenApply(document -> discoveredJwksUri(source, document));
            jwksUri.thenCompose(uri -> get(uri, source.allowHttp(), loop))
                    .whenComplete((body, error) -> finish(source, e, body, error));
        }
        return result;
    }

    /** The last good set, unless it is older than {@link #MAX_STALE_MILLIS}. */
    private JWKSet usable(Entry e) {
        return e.keys != null && clock.millis() - e.fetchedAt <= MAX_STALE_MILLIS ? e.keys : null;
    }

    /** The {@code jwks_uri} of a discovery document, checked against the source's issuer. */
    private static String discoveredJwksUri(Source source, String document) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(document);
        } catch (ParseException e) {
            throw new IllegalStateException("discovery document is not JSON");
        }
        if (!source.issuer().equals(json.get("issuer"))) {
            // OpenID Connect Discovery 4.3: the document must be the issuer's own.
            throw new IllegalStateException("discovery document names another issuer");
        }
        if (!(json.get("jwks_uri") instanceof String uri) || uri.isBlank()) {
            throw new IllegalStateException("discovery document has no jwks_uri");
        }
        return uri;
    }

    /** GETs a JSON document of at most {@link #MAX_JWKS_BYTES}; https unless {@code allowHttp}. */
    private CompletableFuture<String> get(String url, boolean allowHttp, EventLoop loop) {
        CompletableFuture<String> out = new CompletableFuture<>();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException ex) {
            out.completeExceptionally(new IllegalStateException("not a URL: " + url));
            return out;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !(allowHttp && "http".equalsIgnoreCase(uri.getScheme()))) {
            out.completeExceptionally(new IllegalStateException(url + " is not https"));
            return out;
        }
        if (uri.getHost() == null) {
            out.completeExceptionally(new IllegalStateException(url + " has no host"));
            return out;
        }
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
            out.completeExceptionally(ex);
            return out;
        }
        sent.addListener(f -> {
            if (!f.isSuccess()) {
                out.completeExceptionally(f.cause());
                return;
            }
            FullHttpResponse response = sent.getNow();
            try {
                if (response.status().code() != 200) {
                    out.completeExceptionally(new IllegalStateException(
                            url + " answered " + response.status().code()));
                } else if (response.content().readableBytes() > MAX_JWKS_BYTES) {
                    out.completeExceptionally(new IllegalStateException(url + " larger than " + MAX_JWKS_BYTES));
                } else {
                    out.complete(response.content().toString(StandardCharsets.UTF_8));
                }
            } finally {
                response.release();
            }
        });
        return out;
    }

    private void finish(Source source, Entry e, String body, Throwable failure) {
        JWKSet keys = null;
        Throwable error = failure;
        if (error == null) {
            try {
                // Only public keys are kept: a set that published private parts does not leak them further.
                keys = JWKSet.parse(body).toPublicJWKSet();
            } catch (ParseException | RuntimeException ex) {
                error = ex;
            }
        }
        CompletableFuture<JWKSet> future;
        boolean dropped = false;
        synchronized (e) {
            long now = clock.millis();
            if (keys != null) {
                e.keys = keys;
                e.fetchedAt = now;
            } else if (e.keys != null && now - e.fetchedAt > MAX_STALE_MILLIS) {
                e.keys = null;
                dropped = true;
            }
            // A failure also counts as a try, so an unreachable issuer is retried at the refresh pace.
            e.triedAt = now;
            future = e.inFlight;
            e.inFlight = null;
        }
        String where = source.jwksUri() != null ? source.jwksUri() : source.discoveryUri();
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.warn(
                    "JWKS {} could not be fetched: {}{}",
                    where,
                    cause.toString(),
                    dropped ? "; the last key set is too old and is dropped: tokens are refused" : "");
            future.completeExceptionally(error);
        } else {
            LOG.info("JWKS {} fetched: {} keys", where, keys.getKeys().size());
            future.complete(keys);
        }
    }
}
