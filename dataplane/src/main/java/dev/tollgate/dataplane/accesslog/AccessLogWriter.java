package dev.tollgate.dataplane.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines from one background thread in large batches. A thread that logs (an event
 * loop) renders the line as UTF-8 bytes into a scratch buffer of its own and appends them to its
 * own pending batch; it never waits on the output, and when its batch holds the writer's capacity
 * in lines the line is dropped and counted (exported as {@code tollgate_access_log_dropped_total})
 * rather than stalling traffic.
 *
 * <p>The writer polls instead of being signalled: a signal per line would cost a futex wake-up per
 * request, while a short park costs nothing under load and at most {@link #IDLE_PARK_NANOS} of delay
 * when idle. After {@link #POLLS_BEFORE_SLEEP} polls that found nothing it sleeps until a line
 * comes (the line that finds it asleep wakes it), so a writer nothing logs to (a gateway whose
 * stages log nothing has three) costs no wake-ups at all. Each poll takes every logging thread's
 * whole batch at once (a swap of two arrays under a lock the logging thread holds only to copy one
 * line in) and writes it with one call to the output, so a busy gateway writes tens of lines per
 * system call and allocates nothing per line. Lines of one thread keep their order; lines of
 * different threads are written batch by batch.
 *
 * <p>A failed write (a closed stdout, a full disk, a syslog receiver gone) drops its lines, counted;
 * the writer tries its output again after {@link #RETRY_NANOS}, dropping what comes meanwhile, and
 * logs each failure streak once.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);

    /** Lines waiting at most, per logging thread; past this a line is dropped. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Empty polls in a row (about 100 ms of nothing logged) before the writer sleeps until woken. */
    private static final int POLLS_BEFORE_SLEEP = 50;
    /** The longest sleep, a safety net only: a line always wakes a sleeping writer. */
    private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A batch's storage to begin with, and what a batch grown past {@link #KEEP_BYTES} returns to. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** A thread's buffer one line is rendered into, to begin with (it grows for a longer line). */
    private static final int SCRATCH_BYTES = 512;
    /** A batch array kept for reuse at most; a larger one (after a burst) is let go. */
    private static final int KEEP_BYTES = 1024 * 1024;
    /** Bytes a thread's batch holds at most (past them a line is dropped), unless it is the only line. */
    private static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    private final int capacity;
    private final OutputStream out;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final List<Producer> producers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Producer> threadProducer = ThreadLocal.withInitial(this::register);
    private final Thread thread;
    /** The writer thread's empty array, swapped for a producer's full one. */
    private LineBuffer spare = new LineBuffer(BATCH_BYTES);

    private volatile boolean running = true;
    /** The writer sleeps until woken: the next line wakes it (one futex call after a quiet spell). */
    private volatile boolean sleeping;

    private boolean failed;
    private long retryAt;

    /**
     * One logging thread's pending lines: {@link #batch} is filled by that thread and taken by the
     * writer, both under this object's lock; {@link #scratch} is the thread's own.
     */
    private static final class Producer {
        LineBuffer scratch = new LineBuffer(SCRATCH_BYTES);
        LineBuffer batch = new LineBuffer(BATCH_BYTES);
        int lines;
        /** The writer has taken its last batch: lines appended now are dropped. */
        boolean closed;
    }

    /** A writer to {@code out} (not closed by this writer), queueing up to {@code capacity} lines. */
    public AccessLogWriter(OutputStream out, int capacity) {
        this(out, capacity, "tollgate-access-log");
    }

    /** As {@link #AccessLogWriter(OutputStream, int)}, its thread named {@code threadName}. */
    public AccessLogWriter(OutputStream out, int capacity, String threadName) {
        this.out = out;
        this.capacity = capacity;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private Producer register() {
        Producer p = new Producer();
        producers.add(p);
        return p;
    }

    /** Queues one line (without its newline); never blocks. */
    public void log(String line) {
        Producer p = producer();
        if (p != null) {
            p.scratch.append(line);
            enqueue(p, p.scratch);
        }
    }

    /** Queues the line {@code format} renders for {@code values}, rendered on the calling thread; never blocks. */
    public void log(AccessLogFormat format, ContextValues values) {
        Producer p = producer();
        if (p != null) {
            format.renderTo(values, p.scratch);
            enqueue(p, p.scratch);
        }
    }

    /** The calling thread's producer, its scratch buffer cleared; null (the line counted as dropped) once closed. */
    private Producer producer() {
        if (!running) {
            dropped.increment();
            return null;
        }
        Producer p = threadProducer.get();
        p.scratch.clear();
        return p;
    }

    private void enqueue(Producer p, LineBuffer line) {
        synchronized (p) {
            LineBuffer batch = p.batch;
            if (p.closed
                    || p.lines >= capacity
                    || (p.lines > 0 && batch.length() + line.length() + 1 > MAX_BATCH_BYTES)) {
                dropped.increment();
                return;
            }
            batch.append(line.array(), 0, line.length());
            batch.append('\n');
            p.lines++;
        }
        // Read after the line is in (and the lock released): the writer sets the flag before it looks
        // at the batches a last time, so either it sees this line or this sees it asleep.
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(thread);
        }
        if (line.array().length > KEEP_BYTES) {
            // A huge line's storage is not kept for every line after it.
            p.scratch = new LineBuffer(SCRATCH_BYTES);
        }
    }

    /** Lines dropped because a batch was full (or the output failed). */
    public long dropped() {
        return dropped.sum();
    }

    /** Whether the writer thread sleeps until a line comes (it found nothing for a while). */
    boolean asleep() {
        return sleeping;
    }

    /** Lines written to the output. */
    public long written() {
        return written.sum();
    }

    private void run() {
        int emptyPolls = 0;
        while (true) {
            boolean stopping = !running;
            boolean wrote = false;
            for (Producer p : producers) {
                wrote |= drain(p, stopping);
            }
            if (stopping) {
                // Every batch was taken after the stop and closed: nothing can be left behind.
                return;
            }
            if (wrote) {
                emptyPolls = 0;
            } else if (++emptyPolls < POLLS_BEFORE_SLEEP) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            } else {
                sleeping = true;
                if (!pending() && running) {
                    LockSupport.parkNanos(this, SLEEP_NANOS);
                }
                sleeping = false;
                emptyPolls = 0;
            }
        }
    }

    /** Whether any thread has lines waiting. */
    private boolean pending() {
        for (Producer p : producers) {
            synchronized (p) {
                if (p.lines > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Takes {@code p}'s batch and writes it; {@code last}: marks it closed as it is taken. */
    private boolean drain(Producer p, boolean last) {
        LineBuffer full;
        int lines;
        synchronized (p) {
            p.closed = last;
            lines = p.lines;
            if (lines == 0) {
                return false;
            }
            full = p.batch;
            p.batch = spare;
            p.lines = 0;
        }
        write(full, lines);
        full.clear();
        spare = full.array().length > KEEP_BYTES ? new LineBuffer(BATCH_BYTES) : full;
        return true;
    }

    private void write(LineBuffer batch, int lines) {
        if (failing()) {
            dropped.add(lines);
            return;
        }
        try {
            out.write(batch.array(), 0, batch.length());
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
