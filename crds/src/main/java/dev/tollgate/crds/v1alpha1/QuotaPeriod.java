package dev.tollgate.crds.v1alpha1;

/** The period a usage plan quota counts over. */
public enum QuotaPeriod {
    DAY,
    WEEK,
    MONTH
}
