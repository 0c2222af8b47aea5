package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.QuotaConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** The UTC period a quota counts in at a given instant, as AWS counts: days, weeks from Sunday, months. */
public final class QuotaPeriods {
    private QuotaPeriods() {}

    /**
     * The period holding {@code now}.
     *
     * @param start first instant of the period
     * @param end first instant of the next period
     */
    public record Period(Instant start, Instant end) {}

    /** The period of {@code quota} that holds {@code now}. */
    public static Period at(QuotaConfig quota, Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        return switch (quota.period()) {
            case DAY -> {
                ZonedDateTime start =
                        t.toLocalDate().atStartOfDay(ZoneOffset.UTC).plusHours(quota.offset());
                if (start.isAfter(t)) {
                    start = start.minusDays(1);
                }
                yield new Period(start.toInstant(), start.plusDays(1).toInstant());
            }
            case WEEK -> {
                LocalDate sunday = t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                ZonedDateTime start = sunday.plusDays(quota.offset()).atStartOfDay(ZoneOffset.UTC);
                if (start.isAfter(t)) {
                    start = start.minusWeeks(1);
                }
                yield new Period(start.toInstant(), start.plusWeeks(1).toInstant());
            }
            case MONTH -> {
                ZonedDateTime start = t.toLocalDate()
                        .withDayOfMonth(1)
                        .plusDays(quota.offset())
                        .atStartOfDay(ZoneOffset.UTC);
                if (start.isAfter(t)) {
                    start = t.toLocalDate()
                            .withDayOfMonth(1)
                            .minusMonths(1)
                            .plusDays(quota.offset())
                            .atStartOfDay(ZoneOffset.UTC);
                }
                ZonedDateTime end = start.toLocalDate()
                        .withDayOfMonth(1)
                        .plusMonths(1)
                        .plusDays(quota.offset())
                        .atStartOfDay(ZoneOffset.UTC);
                yield new Period(start.toInstant(), end.toInstant());
            }
        };
    }
}
