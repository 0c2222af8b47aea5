package dev.tollgate.dataplane.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tollgate.dataplane.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's bounds and sums, and the price table's tiers. */
class UsageLedgerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final UsageLedger.Key ALICE = new UsageLedger.Key("default", "shop", "prod", "alice", "REST");
    private static final UsageLedger.Key BOB = new UsageLedger.Key("default", "shop", "prod", "bob", "HTTP");

    @Test
    void minutesOlderThanTheRetentionAreDropped() {
        MutableClock clock = new MutableClock(T0);
        UsageLedger ledger = new UsageLedger(clock, Duration.ofMinutes(10), 1000);
        ledger.record(ALICE, 1, 2, false);
        clock.advance(Duration.ofMinutes(5));
        ledger.record(ALICE, 1, 2, true);
        assertThat(ledger.rows()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(6));
        ledger.record(BOB, 0, 0, false);
        assertThat(ledger.rows()).isEqualTo(2);
        List<UsageLedger.Row> rows = ledger.report(T0, T0.plus(Duration.ofHours(1)), UsageFilter.ALL);
        assertThat(rows).containsExactly(new UsageLedger.Row(ALICE, 1, 1, 2, 1), new UsageLedger.Row(BOB, 1, 0, 0, 0));
    }

    @Test
    void theRowBoundDropsTheOldestMinutesButNeverTheCurrentOne() {
        MutableClock clock = new MutableClock(T0);
        UsageLedger ledger = new UsageLedger(clock, Duration.ofDays(1), 3);
        for (int i = 0; i < 5; i++) {
            ledger.record(ALICE, 0, 0, false);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(ledger.rows()).isEqualTo(3);
        assertThat(ledger.report(T0, T0.plus(Duration.ofHours(1)), UsageFilter.ALL))
                .containsExactly(new UsageLedger.Row(ALICE, 3, 0, 0, 0));
        ledger.record(ALICE, 0, 0, false);
        ledger.record(BOB, 0, 0, false);
        assertThat(ledger.rows()).isLessThanOrEqualTo(3);
    }

    @Test
    void tiersChargeEachRequestAtItsTiersPrice() {
        PriceTable aws = PriceTable.aws();
        assertThat(PriceTable.tiered(aws.rest(), 1_000_000)).isEqualTo(3.50, offset(1e-9));
        // 333 M at 3.50, then 667 M at 2.80.
        assertThat(PriceTable.tiered(aws.rest(), 1_000_000_000L)).isEqualTo(333 * 3.50 + 667 * 2.80, offset(1e-6));
        assertThat(PriceTable.tiered(aws.http(), 400_000_000L)).isEqualTo(300 * 1.00 + 100 * 0.90, offset(1e-6));
    }

    @Test
    void httpApiRequestsAreMeteredIn512KbUnits() {
        PriceTable aws = PriceTable.aws();
        assertThat(aws.meteredRequests(new UsageLedger.Row(BOB, 2, 600 * 1024, 600 * 1024, 0)))
                .isEqualTo(3);
        assertThat(aws.meteredRequests(new UsageLedger.Row(BOB, 10, 10, 10, 0))).isEqualTo(10);
        assertThat(aws.meteredRequests(new UsageLedger.Row(ALICE, 2, 600 * 1024, 600 * 1024, 0)))
                .isEqualTo(2);
    }
}
