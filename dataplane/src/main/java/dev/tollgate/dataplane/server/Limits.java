package dev.tollgate.dataplane.server;

/** Request size caps, as AWS's: each answers with AWS's status when exceeded. */
public final class Limits {
    /** Request line cap (method, target, version); past it: 414. AWS caps the URL near 8 KiB. */
    public static final int MAX_INITIAL_LINE = 8192;

    /** Header section cap in bytes; past it: 431. AWS: 10240 bytes of headers. */
    public static final int MAX_HEADER_BYTES = 10240;

    /** Header count cap; past it: 431. */
    public static final int MAX_HEADER_COUNT = 100;

    /** Body cap; past it: 413. AWS's payload limit is 10 MB. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private Limits() {}
}
