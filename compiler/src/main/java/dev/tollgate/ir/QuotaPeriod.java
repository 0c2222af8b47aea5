package dev.tollgate.ir;

/** The period a usage plan quota counts over, in UTC as AWS counts it. */
public enum QuotaPeriod {
    /** A day; the offset shifts its start by hours. */
    DAY,
    /** A week starting Sunday; the offset shifts its start by days. */
    WEEK,
    /** A calendar month; the offset shifts its start by days from the 1st. */
    MONTH;

    /** The largest offset of a quota over this period: 23 hours, 6 days or 27 days. */
    public int maxOffset() {
        return switch (this) {
            case DAY -> 23;
            case WEEK -> 6;
            case MONTH -> 27;
        };
    }
}
