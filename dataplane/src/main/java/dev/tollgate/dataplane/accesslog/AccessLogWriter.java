package dev.tollgate.dataplane.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines from one background thread in large batches. Event loops only enqueue a
 * line; they never wait on the output, and when the bounded queue is full the line is dropped and
 * counted (exported as {@code tollgate_access_log_dropped_total}) rather than stalling traffic.
 *
 * <p>The writer polls instead of being signalled: a signal per line would cost a futex wake-up per
 * request, while a short park costs nothing under load and at most {@link #IDLE_PARK_NANOS} of delay
 * when idle. Lines are flushed whenever the queue runs empty, so a quiet gateway's lines appear
 * within milliseconds and a busy one writes tens of kilobytes per system call.
 *
 * <p>A failed write (a closed stdout, a full disk, a syslog receiver gone) drops its lines, counted;
 * the writer tries its output again after {@link #RETRY_NANOS}, dropping what comes meanwhile, and
 * logs each failure streak once.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);

    /** Lines waiting at most; past this a line is dropped. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int BATCH = 4096;

    private final ArrayBlockingQueue<String> queue;
    private final OutputStream out;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread thread;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private int bufferedLines;
    private volatile boolean running = true;
    private boolean failed;
    private long retryAt;

    /** A writer to {@code out} (not closed by this writer), queueing up to {@code capacity} lines. */
    public AccessLogWriter(OutputStream out, int capacity) {
        this(out, capacity, "tollgate-access-log");
    }

    /** As {@link #AccessLogWriter(OutputStream, int)}, its thread named {@code threadName}. */
    public AccessLogWriter(OutputStream out, int capacity, String threadName) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one line (without its newline); never blocks. */
    public void log(String line) {
        if (!running || !queue.offer(line)) {
            dropped.increment();
        }
    }

    /** Lines dropped because the queue was full (or the output failed). */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written to the output. */
    public long written() {
        return written.sum();
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        while (true) {
            int n = queue.drainTo(batch, BATCH);
            if (n == 0) {
                flush();
                // Lines may have queued while the flush was writing: stop only once none are left.
                if (!running && queue.isEmpty()) {
                    return;
                }
                if (!queue.isEmpty()) {
                    continue;
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            for (String line : batch) {
                append(line);
            }
            batch.clear();
        }
    }

    private void append(String line) {
        if (failing()) {
            dropped.increment();
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (used + bytes.length + 1 > buffer.length) {
            flush();
        }
        if (bytes.length + 1 > buffer.length) {
            // A line larger than the buffer goes out on its own.
            byte[] whole = Arrays.copyOf(bytes, bytes.length + 1);
            whole[bytes.length] = '\n';
            write(whole, whole.length, 1);
            return;
        }
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
        buffer[used++] = '\n';
        bufferedLines++;
    }

    private void flush() {
        if (used > 0) {
            write(buffer, used, bufferedLines);
            used = 0;
            bufferedLines = 0;
        }
    }

    private void write(byte[] bytes, int length, int lines) {
        if (failing()) {
            dropped.add(lines);
            return;
        }
        try {
            out.write(bytes, 0, length);
            out.flush();
            written.add(lines);
            if (failed) {
                failed = false;
                LOG.info("{}: output works again", thread.getName());
            }
        } catch (IOException e) {
            // A failed output must not take the gateway down; the drop counter shows the loss.
            dropped.add(lines);
            if (!failed) {
                LOG.error(
                        "{}: output failed, lines are dropped until it works again: {}",
                        thread.getName(),
                        e.toString());
            }
            failed = true;
            retryAt = System.nanoTime() + RETRY_NANOS;
        }
    }

    /** Whether the output failed and is not to be tried again yet. */
    private boolean failing() {
        return failed && System.nanoTime() - retryAt < 0;
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
