package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.ContextVariable;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    @Test
    void longestVariableNameWins() {
        Map<ContextVariable, String> values = new EnumMap<>(ContextVariable.class);
        values.put(ContextVariable.INTEGRATION_LATENCY_V1, "12");
        values.put(ContextVariable.INTEGRATION_STATUS, "200");
        String line = AccessLogFormat.parse("$context.integrationLatency ms $context.integration.status")
                .render(values::get);
        assertThat(line).isEqualTo("12 ms 200");
    }

    @Test
    void absentValuesRenderAsDash() {
        assertThat(AccessLogFormat.parse("[$context.error.message] $context.status")
                        .render(v -> null))
                .isEqualTo("[-] -");
    }

    @Test
    void unknownVariableStaysLiteral() {
        assertThat(AccessLogFormat.parse("$context.nope $context.stage").render(v -> "prod"))
                .isEqualTo("$context.nope prod");
    }

    @Test
    void everyContextVariableIsRecognised() {
        for (ContextVariable v : ContextVariable.values()) {
            assertThat(AccessLogFormat.parse("<$context." + v.awsName() + ">").render(x -> x == v ? "ok" : "bad"))
                    .isEqualTo("<ok>");
        }
    }

    @Test
    void requestTimeUsesAwsClfFormat() {
        assertThat(AccessLogFormat.requestTime(0L)).isEqualTo("01/Jan/1970:00:00:00 +0000");
        assertThat(AccessLogFormat.requestTime(1_700_000_000_000L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
    }
}
