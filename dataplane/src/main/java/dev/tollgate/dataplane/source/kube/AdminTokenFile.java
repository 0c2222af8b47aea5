package dev.tollgate.dataplane.source.kube;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin token a pod reads from its mounted Secret ({@code TOLLGATE_ADMIN_TOKEN_FILE}, default
 * {@code /etc/tollgate/admin/token}): read at start and again every {@link #REFRESH_SECONDS} on a
 * thread of its own (never on an event loop), so a rotated Secret applies without a restart. A
 * missing file means no token: the state endpoints then answer loopback callers only.
 */
public final class AdminTokenFile implements Supplier<String>, AutoCloseable {
    /** How often the file is read again. */
    static final int REFRESH_SECONDS = 30;

    /** Where the operator mounts the admin Secret's {@code token} key. */
    public static final String DEFAULT_PATH = "/etc/tollgate/admin/token";

    private final Path file;
    private final ScheduledExecutorService reader;
    private volatile String token;

    private AdminTokenFile(Path file) {
        this.file = file;
        this.token = read(file);
        this.reader =
                Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("tollgate-admin-token", true));
        reader.scheduleWithFixedDelay(() -> token = read(file), REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts reading {@code file}. */
    public static AdminTokenFile watch(Path file) {
        return new AdminTokenFile(file);
    }

    @Override
    public String get() {
        return token;
    }

    private static String read(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? null : value;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }

    @Override
    public String toString() {
        return "AdminTokenFile[" + file + "]";
    }
}
