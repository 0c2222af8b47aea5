package dev.tollgate.dataplane.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: random version-4 UUIDs, made without the shared lock of {@link UUID#randomUUID()}. */
public final class RequestIds {
    private RequestIds() {}

    /** A new request id. */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
