package dev.tollgate.dataplane.server;

/** Request size caps, as AWS's: each answers with AWS's status when exceeded. */
public final class Limits {
    /** URL (request target) cap in characters, AWS's regional quota; past it: 414. */
    public static final int MAX_URL_LENGTH = 10240;

    /**
     * Request line cap: the longest URL with the longest method and the version around it; a line
     * past it cannot carry an acceptable URL (414).
     */
    public static final int MAX_INITIAL_LINE = MAX_URL_LENGTH + "OPTIONS ".length() + " HTTP/1.1".length();

    /** Header section cap in bytes; past it: 431. AWS: 10240 bytes of headers. */
    public static final int MAX_HEADER_BYTES = 10240;

    /** Header count cap; past it: 431. */
    public static final int MAX_HEADER_COUNT = 100;

    /** Body cap; past it: 413. AWS's payload limit is 10 MB. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private Limits() {}
}
