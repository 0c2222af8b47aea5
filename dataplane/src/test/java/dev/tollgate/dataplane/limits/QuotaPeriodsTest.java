package dev.tollgate.dataplane.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.QuotaPeriod;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaPeriodsTest {
    private static QuotaPeriods.Period at(QuotaPeriod period, int offset, String now) {
        return QuotaPeriods.at(new QuotaConfig(10, period, offset), Instant.parse(now));
    }

    @Test
    void aDayIsAUtcDayShiftedByTheOffsetInHours() {
        assertThat(at(QuotaPeriod.DAY, 0, "2026-03-10T23:59:59Z"))
                .isEqualTo(new QuotaPeriods.Period(
                        Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z")));
        assertThat(at(QuotaPeriod.DAY, 0, "2026-03-11T00:00:00Z").start()).isEqualTo("2026-03-11T00:00:00Z");
        assertThat(at(QuotaPeriod.DAY, 6, "2026-03-10T05:00:00Z"))
                .isEqualTo(new QuotaPeriods.Period(
                        Instant.parse("2026-03-09T06:00:00Z"), Instant.parse("2026-03-10T06:00:00Z")));
    }

    @Test
    void aWeekStartsOnSundayShiftedByTheOffsetInDays() {
        // 2026-03-11 is a Wednesday; the Sunday before is 03-08.
        assertThat(at(QuotaPeriod.WEEK, 0, "2026-03-11T12:00:00Z"))
                .isEqualTo(new QuotaPeriods.Period(
                        Instant.parse("2026-03-08T00:00:00Z"), Instant.parse("2026-03-15T00:00:00Z")));
        assertThat(at(QuotaPeriod.WEEK, 1, "2026-03-08T12:00:00Z").start()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(at(QuotaPeriod.WEEK, 1, "2026-03-09T00:00:00Z").start()).isEqualTo("2026-03-09T00:00:00Z");
    }

    @Test
    void aMonthIsACalendarMonthShiftedByTheOffsetInDays() {
        assertThat(at(QuotaPeriod.MONTH, 0, "2026-02-28T23:00:00Z"))
                .isEqualTo(new QuotaPeriods.Period(
                        Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(at(QuotaPeriod.MONTH, 4, "2026-03-03T00:00:00Z"))
                .isEqualTo(new QuotaPeriods.Period(
                        Instant.parse("2026-02-05T00:00:00Z"), Instant.parse("2026-03-05T00:00:00Z")));
        assertThat(at(QuotaPeriod.MONTH, 0, "2026-12-31T23:59:59Z").end()).isEqualTo("2027-01-01T00:00:00Z");
    }
}
