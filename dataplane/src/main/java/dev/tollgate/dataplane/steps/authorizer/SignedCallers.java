package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.sigv4.SigV4;
import dev.tollgate.controlapi.sigv4.SigV4Error;
import dev.tollgate.controlapi.sigv4.SigV4Verifier;
import dev.tollgate.controlapi.sigv4.SignedRequest;
import dev.tollgate.controlapi.sigv4.Verification;
import dev.tollgate.dataplane.runtime.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SigV4 callers of AWS_IAM methods, for every runtime: the access keys in memory, the replay cache
 * and the clock signatures are checked against. A signature is verified as AWS's execute-api does
 * (service {@value #SERVICE}, any region: the gateway is not in one, so the scope's region is taken
 * as the client gives it; {@link SigV4Verifier#DEFAULT_SKEW} either way), then remembered until it
 * could no longer verify, so sending it again is refused.
 */
public final class SignedCallers {
    /** The service a caller's credential scope must name, as for AWS's execute-api. */
    public static final String SERVICE = "execute-api";

    /** A signature accepted before, sent again (AWS accepts replays within the skew; the gateway does not). */
    static final SigV4Error REPLAYED = new SigV4Error(
            SigV4Error.INVALID_SIGNATURE,
            403,
            "Signature already used: this request was accepted before. Sign each request anew.");

    private final AccessKeys keys = new AccessKeys();
    private final ReplayCache replays = new ReplayCache();
    private final Clock clock;
    private volatile boolean trusted;

    SignedCallers(Clock clock) {
        this.clock = clock;
    }

    /** The access keys, replaced when the Secrets change. */
    public AccessKeys keys() {
        return keys;
    }

    /**
     * Whether a verified caller is accepted without a SubjectAccessReview when no Kubernetes API is
     * configured (local mode: the folder's access keys are its author's). Off by default: without
     * reviews an AWS_IAM method answers 500.
     */
    public void trusted(boolean on) {
        this.trusted = on;
    }

    boolean trusted() {
        return trusted;
    }

    /** Verifies the signed request of {@code exchange} (body already read) with the keys of {@code namespace}. */
    Verification<Caller> verify(Exchange exchange, String namespace) {
        String uri = exchange.request().uri();
        int q = uri.indexOf('?');
        SortedMap<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, String> h : exchange.request().headers()) {
            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        }
        SignedRequest request = new SignedRequest(
                exchange.request().method().name(),
                exchange.rawPath(),
                q < 0 ? "" : uri.substring(q + 1),
                headers,
                sha256(exchange.body()));
        Verification<Caller> verification = new SigV4Verifier<>(
                        SERVICE, SigV4Verifier.anyRegion(), keys.in(namespace), clock, SigV4Verifier.DEFAULT_SKEW)
                .verify(request);
        if (verification instanceof Verification.Verified<Caller>) {
            // A signature verifies only while its timestamp is within the skew of the clock: by
            // twice the skew from now it never will again.
            long until = System.nanoTime()
                    + SigV4Verifier.DEFAULT_SKEW.multipliedBy(2).toNanos()
                    + Duration.ofSeconds(1).toNanos();
            String signature = signature(exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION));
            if (!replays.firstUse(signature, until)) {
                return new Verification.Refused<>(REPLAYED);
            }
        }
        return verification;
    }

    // The Signature= part of a verified Authorization header.
    private static String signature(String authorization) {
        String parameters = authorization.trim();
        parameters = parameters.substring(parameters.indexOf(' ') + 1);
        for (String part : parameters.split(",")) {
            String p = part.trim();
            if (p.startsWith("Signature=")) {
                return p.substring("Signature=".length()).trim();
            }
        }
        return parameters;
    }

    private static String sha256(ByteBuf body) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (body != null && body.isReadable()) {
            digest.update(body.nioBuffer());
        }
        return SigV4.hex(digest.digest());
    }
}
