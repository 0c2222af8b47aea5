package dev.tollgate.dataplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.testing.LogCapture;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    @Test
    void everyRefusalAndTimeoutIsCountedButLoggedOncePerKindPerInterval() {
        GatewayMetrics metrics = new GatewayMetrics();
        Refusals refusals = new Refusals(metrics);
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 500; i++) {
                refusals.rejected(Refusals.Reason.BAD_REQUEST, "192.0.2.1", "malformed");
                refusals.timedOut(Refusals.Timeout.HEADER, "192.0.2.1");
            }
            refusals.rejected(Refusals.Reason.MAX_CONNECTIONS, "192.0.2.2", "full");
            assertThat(logs.texts()).filteredOn(t -> t.contains("bad-request")).hasSize(1);
            assertThat(logs.texts())
                    .filteredOn(t -> t.contains("header timeout"))
                    .hasSize(1);
            assertThat(logs.texts())
                    .filteredOn(t -> t.contains("max-connections"))
                    .hasSize(1);
        }
        assertThat(metrics.scrape())
                .contains("tollgate_connections_rejected_total{reason=\"bad-request\"} 500.0")
                .contains("tollgate_connections_rejected_total{reason=\"max-connections\"} 1.0")
                .contains("tollgate_client_timeouts_total{kind=\"header\"} 500.0")
                .contains("tollgate_client_timeouts_total{kind=\"body\"} 0.0");
    }
}
