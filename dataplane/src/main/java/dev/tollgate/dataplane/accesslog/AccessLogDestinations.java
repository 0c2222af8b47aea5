package dev.tollgate.dataplane.accesslog;

import dev.tollgate.ir.LogDestinationConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log writers of every destination the served stages name, each with its own thread
 * ({@link AccessLogWriter}), kept across reloads so a file stays open and a syslog connection
 * stays up; the standard one (the data plane's stdout) for stages that name none. A destination no
 * stage names any more is closed after the next config is built ({@link #retain}). A file that
 * cannot be opened logs an error and its stage's lines go to the standard writer.
 */
public final class AccessLogDestinations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogDestinations.class);

    private final AccessLogWriter standard;
    private final Map<LogDestinationConfig, Open> open = new HashMap<>();
    private long droppedByClosed;

    private record Open(AccessLogWriter writer, OutputStream out) {}

    /** @param standard the writer of stages without a destination (not closed by this) */
    public AccessLogDestinations(AccessLogWriter standard) {
        this.standard = standard;
    }

    /** The standard writer (the data plane's output). */
    public AccessLogWriter standard() {
        return standard;
    }

    /** The writer of {@code destination} (null: the standard one), opened on first use. */
    public synchronized AccessLogWriter writer(LogDestinationConfig destination) {
        if (destination == null) {
            return standard;
        }
        Open o = open.get(destination);
        if (o == null) {
            OutputStream out;
            try {
                out = switch (destination.kind()) {
                    case FILE ->
                        new RotatingFileOutputStream(
                                Path.of(destination.path()),
                                destination.maxSizeMb() * 1024L * 1024L,
                                destination.maxFiles());
                    case SYSLOG_UDP -> new SyslogOutputStream(destination.host(), destination.port(), false, "access");
                    case SYSLOG_TCP -> new SyslogOutputStream(destination.host(), destination.port(), true, "access");
                };
            } catch (IOException | RuntimeException e) {
                LOG.error(
                        "access log destination {} cannot be opened; its lines go to standard output: {}",
                        describe(destination),
                        e.toString());
                return standard;
            }
            o = new Open(
                    new AccessLogWriter(
                            out,
                            AccessLogWriter.DEFAULT_CAPACITY,
                            "tollgate-access-log-" + destination.kind().name().toLowerCase(Locale.ROOT)),
                    out);
            open.put(destination, o);
        }
        return o.writer();
    }

    /** Closes the writers of destinations not in {@code used} (their queued lines written first). */
    public synchronized void retain(Set<LogDestinationConfig> used) {
        open.entrySet().removeIf(e -> {
            if (used.contains(e.getKey())) {
                return false;
            }
            close(e.getValue());
            return true;
        });
    }

    /** Lines dropped by every writer: queues full or outputs failing. */
    public synchronized long dropped() {
        long sum = standard.dropped() + droppedByClosed;
        for (Open o : open.values()) {
            sum += o.writer().dropped();
        }
        return sum;
    }

    private void close(Open o) {
        o.writer().close();
        droppedByClosed += o.writer().dropped();
        try {
            o.out().close();
        } catch (IOException e) {
            LOG.warn("closing an access log destination failed: {}", e.toString());
        }
    }

    /** Closes every destination's writer (not the standard one). */
    @Override
    public synchronized void close() {
        open.values().forEach(this::close);
        open.clear();
    }

    private static String describe(LogDestinationConfig d) {
        return d.kind() == LogDestinationConfig.Kind.FILE ? d.path() : d.kind() + " " + d.host() + ":" + d.port();
    }
}
