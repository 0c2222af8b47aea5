package dev.tollgate.dataplane.limits;

import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why Redis refused this gateway, told apart from an outage: a refused password or ACL user, a
 * missing permission, a server certificate that fails verification or a client certificate the
 * server rejects, or a Secret value that is missing. Each is a configuration error.
 *
 * @param reason short tag for metrics: {@code auth}, {@code permission}, {@code tls} or {@code secret}
 * @param message what was refused, for logs and the Gateway's status; never a credential
 */
record RedisRefusal(String reason, String message) {
    /** Tag of a refused password or user. */
    static final String AUTH = "auth";

    /** Tag of a missing ACL permission. */
    static final String PERMISSION = "permission";

    /** Tag of a failed certificate verification either way. */
    static final String TLS = "tls";

    /** Tag of a missing Secret value. */
    static final String SECRET = "secret";

    /**
     * The refusal {@code error} reports, or a cause of it, or an error it suppressed (a cluster's
     * topology read collects each node's failure so), or null when it is an outage.
     */
    static RedisRefusal of(Throwable error) {
        return of(error, 0);
    }

    /**
     * The verification failure behind a TLS error, if this side raised it: newer JDKs name a failed
     * server certificate by the alert this side sends ({@code (certificate_unknown) PKIX path
     * building failed}), the same words a server's refusal of the client certificate carries, so
     * the cause decides.
     */
    private static CertificateException verification(Throwable tls) {
        int depth = 0;
        for (Throwable e = tls.getCause(); e != null && depth < 12; e = e.getCause(), depth++) {
            if (e instanceof CertificateException failed) {
                return failed;
            }
        }
        return null;
    }

    private static RedisRefusal of(Throwable error, int level) {
        int depth = 0;
        for (Throwable e = error; e != null && depth < 12; e = e.getCause(), depth++) {
            RedisRefusal found = one(e);
            if (found != null) {
                return found;
            }
            if (level < 2) {
                for (Throwable suppressed : e.getSuppressed()) {
                    found = of(suppressed, level + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static RedisRefusal one(Throwable e) {
        CertificateException verification = e instanceof SSLException ? verification(e) : null;
        if (e instanceof CertificateException failed) {
            verification = failed;
        }
        if (verification != null) {
            return new RedisRefusal(
                    TLS, "the Redis server certificate failed verification: " + verification.getMessage());
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        String upper = message.toUpperCase(Locale.ROOT);
        if (e instanceof SSLException
                && (upper.contains("BAD_CERTIFICATE")
                        || upper.contains("CERTIFICATE_REQUIRED")
                        || upper.contains("UNKNOWN_CA")
                        || upper.contains("CERTIFICATE_UNKNOWN"))) {
            return new RedisRefusal(TLS, "Redis refused the client certificate: " + message);
        }
        if (upper.contains("WRONGPASS")
                || upper.contains("INVALID PASSWORD")
                || upper.contains("INVALID USERNAME-PASSWORD")) {
            return new RedisRefusal(AUTH, "Redis refused the credentials (WRONGPASS): " + line(message, "WRONGPASS"));
        }
        if (upper.contains("NOAUTH")) {
            return new RedisRefusal(AUTH, "Redis asks for a password (NOAUTH): " + line(message, "NOAUTH"));
        }
        if (upper.contains("WITHOUT ANY PASSWORD CONFIGURED") || upper.contains("NO PASSWORD IS SET")) {
            return new RedisRefusal(
                    AUTH, "Redis takes no password but one is configured: " + line(message, "PASSWORD"));
        }
        if (upper.contains("NOPERM")) {
            return new RedisRefusal(
                    PERMISSION, "the Redis user lacks a permission (NOPERM): " + line(message, "NOPERM"));
        }
        return null;
    }

    /** Whether {@code error} is a replica's READONLY answer: an outage of the master, not a refusal. */
    static boolean readOnly(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            // Redis 6 wraps a script's error: "ERR Error running script ... -READONLY You can't write ...".
            if (e.getMessage() != null && e.getMessage().contains("READONLY You can't write")) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /** This refusal with what was refused added: which user, which Secret, which CA bundle. */
    RedisRefusal about(String what) {
        return what == null || what.isEmpty() ? this : new RedisRefusal(reason, message + "; " + what);
    }

    /**
     * The line of {@code message} that holds {@code keyword} (a cluster's topology error lists each
     * node's answer on a line of its own), else its first line; without Lettuce's class-name prefix.
     */
    private static String line(String message, String keyword) {
        String found = message.lines().findFirst().orElse("");
        for (String l : (Iterable<String>) message.lines()::iterator) {
            if (l.toUpperCase(Locale.ROOT).contains(keyword)) {
                found = l;
                break;
            }
        }
        // Lettuce wraps the server's reply in an exception whose message starts with its class name.
        String line = found.strip().replaceFirst("^([\\w$]+\\.)+[\\w$]+(Exception|Error): ", "");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
