package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {

    @Test
    void writesEveryLineInOrderAndFlushesOnClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        try (AccessLogWriter writer = new AccessLogWriter(out, 100_000)) {
            for (int i = 0; i < 20_000; i++) {
                String line = "line " + i + " é";
                expected.add(line);
                writer.log(line);
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                seen.write(b, off, len);
            }
        };
        try (AccessLogWriter writer = new AccessLogWriter(stuck, 4)) {
            writer.log("first");
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // The writer thread is stuck in the output; four lines fit the queue, the rest drop.
            for (int i = 0; i < 10; i++) {
                writer.log("queued " + i);
            }
            assertThat(writer.dropped()).isEqualTo(6);
            release.countDown();
        }
        assertThat(seen.toString(StandardCharsets.UTF_8).split("\n"))
                .containsExactly("first", "queued 0", "queued 1", "queued 2", "queued 3");
    }

    @Test
    void failingOutputAndClosedWriterCountLinesAsDroppedWithoutThrowing() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }
        };
        AccessLogWriter writer = new AccessLogWriter(broken, 16);
        writer.log("a");
        writer.close();
        writer.log("b");
        assertThat(writer.written()).isZero();
        assertThat(writer.dropped()).isEqualTo(2);
    }

    @Test
    void linesOfManyThreadsAreAllWrittenEachThreadsInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int threads = 4;
        int perThread = 5_000;
        try (AccessLogWriter writer = new AccessLogWriter(out, 100_000)) {
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.log("t" + id + " " + i);
                    }
                });
                thread.start();
                started.add(thread);
            }
            for (Thread thread : started) {
                thread.join();
            }
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(threads * perThread);
        int[] next = new int[threads];
        for (String line : lines) {
            String[] parts = line.split(" ");
            int id = Integer.parseInt(parts[0].substring(1));
            assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]);
            next[id]++;
        }
    }

    @Test
    void aFormattedLineIsWrittenAsTheFormatRendersIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogFormat format = AccessLogFormat.parse("$context.status \"$context.identity.userAgent\" end");
        ContextValues values = v -> switch (v) {
            case STATUS -> "200";
            case IDENTITY_USER_AGENT -> "agent é\r\nforged";
            default -> null;
        };
        try (AccessLogWriter writer = new AccessLogWriter(out, 16)) {
            writer.log(format, values);
            writer.log(format, values);
        }
        String expected = format.render(values) + "\n";
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + expected);
        assertThat(expected).isEqualTo("200 \"agent é\\r\\nforged\" end\n");
    }

    @Test
    void aLineLargerThanABatchIsWrittenWhole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String huge = "y".repeat(3 * 1024 * 1024);
        try (AccessLogWriter writer = new AccessLogWriter(out, 16)) {
            writer.log("before");
            writer.log(huge);
            writer.log("after");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("before\n" + huge + "\nafter\n");
    }

    @Test
    void aWriterAsleepAfterAQuietSpellIsWokenByTheNextLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AccessLogWriter writer = new AccessLogWriter(out, 16)) {
            writer.log("before the quiet spell");
            assertThat(awaitTrue(writer::asleep)).isTrue();
            writer.log("after it");
            // The sleep's own bound is 30 s: a line seen well before that was woken for.
            assertThat(awaitTrue(() -> writer.written() == 2)).isTrue();
            assertThat(writer.asleep()).isFalse();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("before the quiet spell\nafter it\n");
    }

    /** Polls {@code condition} for up to 10 s. */
    private static boolean awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
