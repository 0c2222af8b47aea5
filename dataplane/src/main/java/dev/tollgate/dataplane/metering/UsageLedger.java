package dev.tollgate.dataplane.metering;

import dev.tollgate.dataplane.runtime.ApiRuntime;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.StageRuntime;
import dev.tollgate.ir.ApiKeyConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls, bytes in and out and cache hits per minute and per namespace, API, stage and API key,
 * kept in memory for a bounded time and a bounded number of rows. Every label comes from the served
 * config (the key is the ApiKey's name, never its value), so a minute holds at most one row per
 * stage and key. Recording is lock-free and allocates only when a minute or a row is new; the
 * oldest minutes go first when the retention or the row bound is passed.
 */
public final class UsageLedger {
    /** How long per-minute rows are kept unless told otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    /** How many rows (minute × stage × key) are kept at most unless told otherwise. */
    public static final int DEFAULT_MAX_ROWS = 200_000;

    /** Key label of requests that sent no accepted API key. */
    public static final String NO_KEY = "";

    private static final long MINUTE_MILLIS = 60_000;

    /**
     * What one row counts for.
     *
     * @param namespace the API's namespace
     * @param api the RestApi's name
     * @param stage the stage's name
     * @param apiKey the accepted ApiKey's name, or {@link #NO_KEY}
     * @param protocol the API's protocol type (REST, HTTP, WEBSOCKET), for the price estimate
     */
    public record Key(String namespace, String api, String stage, String apiKey, String protocol) {}

    /**
     * The totals of one key over a time range.
     *
     * @param key what the row counts for
     * @param calls requests answered
     * @param bytesIn request body bytes received
     * @param bytesOut response body bytes sent
     * @param cacheHits requests answered from the stage cache
     */
    public record Row(Key key, long calls, long bytesIn, long bytesOut, long cacheHits) {}

    private static final class Cell {
        final LongAdder calls = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
    }

    private final Clock clock;
    private final long retentionMinutes;
    private final int maxRows;
    private final ConcurrentSkipListMap<Long, ConcurrentMap<Key, Cell>> minutes = new ConcurrentSkipListMap<>();
    private final AtomicInteger rows = new AtomicInteger();

    /**
     * @param clock the wall clock minutes are read from
     * @param retention how long rows are kept (at least a minute)
     * @param maxRows how many rows are kept at most
     */
    public UsageLedger(Clock clock, Duration retention, int maxRows) {
        this.clock = clock;
        this.retentionMinutes = Math.max(1, retention.toMinutes());
        this.maxRows = Math.max(1, maxRows);
    }

    /** A ledger with the default retention and row bound. */
    public UsageLedger(Clock clock) {
        this(clock, DEFAULT_RETENTION, DEFAULT_MAX_ROWS);
    }

    /** The row an answered request counts in, or null when it reached no API stage. */
    public static Key key(Exchange exchange) {
        ApiRuntime api = exchange.api();
        StageRuntime stage = exchange.stage();
        if (api == null || stage == null) {
            return null;
        }
        ApiKeyConfig apiKey = exchange.apiKey();
        return new Key(
                api.namespace(),
                api.config().name(),
                stage.config().name(),
                apiKey == null ? NO_KEY : apiKey.id(),
                api.config().protocolType().name());
    }

    /** Counts one answered request. */
    public void record(Key key, long bytesIn, long bytesOut, boolean cacheHit) {
        long minute = clock.millis() / MINUTE_MILLIS;
        ConcurrentMap<Key, Cell> cells = minutes.get(minute);
        if (cells == null) {
            cells = minutes.computeIfAbsent(minute, m -> new ConcurrentHashMap<>());
            evict(minute);
        }
        Cell cell = cells.get(key);
        if (cell == null) {
            cell = cells.computeIfAbsent(key, k -> {
                rows.incrementAndGet();
                return new Cell();
            });
            if (rows.get() > maxRows) {
                evictOldestBefore(minute);
            }
        }
        cell.calls.increment();
        if (bytesIn > 0) {
            cell.bytesIn.add(bytesIn);
        }
        if (bytesOut > 0) {
            cell.bytesOut.add(bytesOut);
        }
        if (cacheHit) {
            cell.cacheHits.increment();
        }
    }

    private void evict(long current) {
        long oldest = current - retentionMinutes;
        while (true) {
            Map.Entry<Long, ConcurrentMap<Key, Cell>> first = minutes.firstEntry();
            if (first == null || first.getKey() > oldest) {
                return;
            }
            drop(first.getKey());
        }
    }

    // The current minute is kept even past the bound: its rows are bounded by the config.
    private void evictOldestBefore(long current) {
        while (rows.get() > maxRows) {
            Map.Entry<Long, ConcurrentMap<Key, Cell>> first = minutes.firstEntry();
            if (first == null || first.getKey() >= current) {
                return;
            }
            drop(first.getKey());
        }
    }

    private void drop(long minute) {
        ConcurrentMap<Key, Cell> removed = minutes.remove(minute);
        if (removed != null) {
            rows.addAndGet(-removed.size());
        }
    }

    /** The rows kept now (minute × key). */
    public int rows() {
        return rows.get();
    }

    /** The clock's now. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * The totals per key of the minutes that start within [{@code from}, {@code to}), sorted by
     * namespace, API, stage and key, filtered by {@code filter}.
     */
    public List<Row> report(Instant from, Instant to, UsageFilter filter) {
        long first = Math.floorDiv(from.toEpochMilli(), MINUTE_MILLIS);
        long end = Math.floorDiv(to.toEpochMilli() + MINUTE_MILLIS - 1, MINUTE_MILLIS);
        Map<Key, long[]> sums = new TreeMap<>(Comparator.comparing(Key::namespace)
                .thenComparing(Key::api)
                .thenComparing(Key::stage)
                .thenComparing(Key::apiKey)
                .thenComparing(Key::protocol));
        for (ConcurrentMap<Key, Cell> cells :
                minutes.subMap(first, true, end, false).values()) {
            for (Map.Entry<Key, Cell> e : cells.entrySet()) {
                if (!filter.test(e.getKey())) {
                    continue;
                }
                long[] s = sums.computeIfAbsent(e.getKey(), k -> new long[4]);
                Cell c = e.getValue();
                s[0] += c.calls.sum();
                s[1] += c.bytesIn.sum();
                s[2] += c.bytesOut.sum();
                s[3] += c.cacheHits.sum();
            }
        }
        List<Row> out = new ArrayList<>(sums.size());
        sums.forEach((k, s) -> out.add(new Row(k, s[0], s[1], s[2], s[3])));
        return out;
    }
}
