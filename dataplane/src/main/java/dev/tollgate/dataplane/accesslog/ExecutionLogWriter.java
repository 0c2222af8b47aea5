package dev.tollgate.dataplane.accesslog;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where served requests' execution logs go (AWS's {@code API-Gateway-Execution-Logs} group): the
 * lines of one request, each as {@code namespace/api/stage (requestId) text}, queued to a writer of
 * their own. A stage writes at most {@code linesPerSecond} lines a second: a request whose lines do
 * not fit the current second's budget is dropped whole (never cut in the middle), and its lines are
 * counted ({@link #dropped()}). One {@link Budget} per served stage.
 */
public final class ExecutionLogWriter {
    private final AccessLogWriter out;
    private final int linesPerSecond;
    private final LongSupplier nanos;
    private final LongAdder dropped = new LongAdder();

    /**
     * @param out where the lines are written (never blocks)
     * @param linesPerSecond the per-stage bound
     * @param nanos the monotonic clock the bound's seconds are read from
     */
    public ExecutionLogWriter(AccessLogWriter out, int linesPerSecond, LongSupplier nanos) {
        if (linesPerSecond < 1) {
            throw new IllegalArgumentException("linesPerSecond >= 1");
        }
        this.out = out;
        this.linesPerSecond = linesPerSecond;
        this.nanos = nanos;
    }

    /** A new stage's budget. */
    public Budget budget(String stage) {
        return new Budget(stage);
    }

    /** Lines not written because a stage was over its bound. */
    public long dropped() {
        return dropped.sum();
    }

    /** One stage's lines-per-second bound, shared by every event loop serving it. */
    public final class Budget {
        private final String stage;
        // The second (of the clock) the count is of, and the lines written in it.
        private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong used = new AtomicLong();

        private Budget(String stage) {
            this.stage = stage;
        }

        /** Writes one request's lines, or drops them all when they do not fit this second's budget. */
        public void write(String requestId, List<String> lines) {
            if (lines.isEmpty()) {
                return;
            }
            if (!take(lines.size())) {
                dropped.add(lines.size());
                return;
            }
            String prefix = stage + " (" + requestId + ") ";
            for (String line : lines) {
                out.log(prefix + line);
            }
        }

        private boolean take(int n) {
            long second = nanos.getAsLong() / 1_000_000_000L;
            long current = window.get();
            if (current != second && window.compareAndSet(current, second)) {
                used.set(0);
            }
            long after = used.addAndGet(n);
            if (after > linesPerSecond) {
                used.addAndGet(-n);
                return false;
            }
            return true;
        }
    }
}
