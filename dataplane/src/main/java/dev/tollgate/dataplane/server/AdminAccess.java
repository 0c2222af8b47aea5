package dev.tollgate.dataplane.server;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Who may read the admin port's state endpoints ({@code /config}, {@code /usage} and anything that
 * is not a probe or {@code /metrics}): a caller on the pod's (or laptop's) loopback, or one showing
 * {@code Authorization: Bearer <token>} with the admin token. Probes and {@code /metrics} are open,
 * so kubelet and Prometheus reach them on the pod network.
 *
 * @param loopbackTrusted whether a loopback peer needs no token (true in every real mode; tests turn
 *     it off to play a caller from the pod network on 127.0.0.1)
 * @param token the admin token, or null (or blank) when none is configured: then only loopback
 *     callers are served; read on every check, so a rotated token applies at once
 */
public record AdminAccess(boolean loopbackTrusted, Supplier<String> token) {
    /** Loopback only, no token: local mode, and a pod whose token Secret does not exist. */
    public static final AdminAccess LOOPBACK_ONLY = new AdminAccess(true, () -> null);

    private static final String BEARER = "Bearer ";

    /** Whether a caller from {@code peer} with this {@code Authorization} header may read state. */
    public boolean permits(InetAddress peer, String authorization) {
        if (loopbackTrusted && peer != null && peer.isLoopbackAddress()) {
            return true;
        }
        String expected = token.get();
        if (expected == null || expected.isBlank() || authorization == null) {
            return false;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison does not tell a caller how much of its guess was right.
        return MessageDigest.isEqual(offered, expected.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a path is open to every caller: the probes and the metrics. */
    public static boolean open(String path) {
        return path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    }
}
