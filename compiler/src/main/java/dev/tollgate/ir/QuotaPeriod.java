package dev.tollgate.ir;

/** The period a usage plan quota counts over, in UTC as AWS counts it. */
public enum QuotaPeriod {
    /** A day; the offset shifts its start by hours. */
    DAY,
    /** A week starting Sunday; the offset shifts its start by days. */
    WEEK,
    /** A calendar month; the offset shifts its start by days from the 1st. */
    MONTH
}
