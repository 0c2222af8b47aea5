package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-stage lines-per-second bound of execution logs, on a clock the test moves. */
class ExecutionLogWriterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRequestThatDoesNotFitTheSecondsBudgetIsDroppedWholeAndCounted() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(10 * SECOND);
        try (AccessLogWriter out = new AccessLogWriter(sink, 100)) {
            ExecutionLogWriter writer = new ExecutionLogWriter(out, 5, now::get);
            ExecutionLogWriter.Budget stage = writer.budget("default/api/prod");
            stage.write("r1", List.of("a", "b", "c"));
            stage.write("r2", List.of("d", "e", "f"));
            stage.write("r3", List.of("g", "h"));
            assertThat(writer.dropped()).isEqualTo(3);
            now.addAndGet(SECOND);
            stage.write("r4", List.of("i", "j", "k", "l", "m"));
            assertThat(writer.dropped()).isEqualTo(3);
            Await.until("10 lines written", () -> out.written() == 10);
        }
        assertThat(sink.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly(
                        "default/api/prod (r1) a",
                        "default/api/prod (r1) b",
                        "default/api/prod (r1) c",
                        "default/api/prod (r3) g",
                        "default/api/prod (r3) h",
                        "default/api/prod (r4) i",
                        "default/api/prod (r4) j",
                        "default/api/prod (r4) k",
                        "default/api/prod (r4) l",
                        "default/api/prod (r4) m");
    }

    @Test
    void eachStageHasItsOwnBudget() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (AccessLogWriter out = new AccessLogWriter(sink, 100)) {
            ExecutionLogWriter writer = new ExecutionLogWriter(out, 2, () -> 0L);
            writer.budget("a").write("r1", List.of("1", "2"));
            writer.budget("b").write("r2", List.of("1", "2"));
            assertThat(writer.dropped()).isZero();
            Await.until("4 lines written", () -> out.written() == 4);
        }
    }
}
