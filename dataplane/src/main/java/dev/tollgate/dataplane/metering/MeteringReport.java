package dev.tollgate.dataplane.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A usage report over a time range: one row per namespace, API, stage and API key with calls,
 * bytes in and out and cache hits, the totals, and, with a price table, what AWS would have charged
 * for the same traffic (an estimate, with the table's date). Written as JSON or CSV.
 *
 * @param from the range's start (inclusive, rounded down to the minute)
 * @param to the range's end (exclusive)
 * @param rows the rows, sorted by namespace, API, stage and key
 * @param prices the price table of the estimate, or null for none
 */
public record MeteringReport(Instant from, Instant to, List<UsageLedger.Row> rows, PriceTable prices) {
    private static final String[] COLUMNS = {
        "namespace", "api", "stage", "apiKey", "calls", "bytesIn", "bytesOut", "cacheHits"
    };

    public MeteringReport {
        rows = List.copyOf(rows);
    }

    /** The estimated cost of each row (same order), requests by tier plus data out; null without prices. */
    public List<BigDecimal> estimates() {
        if (prices == null) {
            return null;
        }
        Map<String, Long> metered = new HashMap<>();
        for (UsageLedger.Row row : rows) {
            metered.merge(row.key().protocol(), prices.meteredRequests(row), Long::sum);
        }
        List<BigDecimal> out = new ArrayList<>(rows.size());
        for (UsageLedger.Row row : rows) {
            String protocol = row.key().protocol();
            long total = metered.get(protocol);
            // Tiers price the range's total; each row pays its share of it.
            double requests = total == 0
                    ? 0
                    : PriceTable.tiered(prices.tiers(protocol), total) * prices.meteredRequests(row) / total;
            out.add(money(requests + prices.dataTransferOut(row.bytesOut())));
        }
        return out;
    }

    private static BigDecimal money(double usd) {
        return BigDecimal.valueOf(usd).setScale(6, RoundingMode.HALF_UP);
    }

    /** The report as a JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        List<BigDecimal> estimates = estimates();
        List<Object> list = new ArrayList<>();
        long[] totals = new long[4];
        BigDecimal estimateTotal = BigDecimal.ZERO.setScale(6, RoundingMode.HALF_UP);
        for (int i = 0; i < rows.size(); i++) {
            UsageLedger.Row row = rows.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("namespace", row.key().namespace());
            r.put("api", row.key().api());
            r.put("stage", row.key().stage());
            r.put("apiKey", row.key().apiKey());
            r.put("calls", row.calls());
            r.put("bytesIn", row.bytesIn());
            r.put("bytesOut", row.bytesOut());
            r.put("cacheHits", row.cacheHits());
            totals[0] += row.calls();
            totals[1] += row.bytesIn();
            totals[2] += row.bytesOut();
            totals[3] += row.cacheHits();
            if (estimates != null) {
                r.put("estimatedCost", estimates.get(i));
                estimateTotal = estimateTotal.add(estimates.get(i));
            }
            list.add(r);
        }
        out.put("rows", list);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("calls", totals[0]);
        t.put("bytesIn", totals[1]);
        t.put("bytesOut", totals[2]);
        t.put("cacheHits", totals[3]);
        if (estimates != null) {
            t.put("estimatedCost", estimateTotal);
        }
        out.put("totals", t);
        if (prices != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("currency", prices.currency());
            e.put("region", prices.region());
            e.put("pricesDate", prices.date());
            e.put(
                    "note",
                    "an estimate of AWS API Gateway's list prices for the same requests and data out;" + " not a bill");
            out.put("estimate", e);
        }
        return out;
    }

    /** The report as CSV: a header, then one line per row. */
    public String toCsv() {
        List<BigDecimal> estimates = estimates();
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS));
        if (estimates != null) {
            sb.append(",estimatedCost").append(prices.currency());
        }
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            UsageLedger.Row row = rows.get(i);
            sb.append(csv(row.key().namespace()))
                    .append(',')
                    .append(csv(row.key().api()))
                    .append(',')
                    .append(csv(row.key().stage()))
                    .append(',')
                    .append(csv(row.key().apiKey()))
                    .append(',')
                    .append(row.calls())
                    .append(',')
                    .append(row.bytesIn())
                    .append(',')
                    .append(row.bytesOut())
                    .append(',')
                    .append(row.cacheHits());
            if (estimates != null) {
                sb.append(',').append(estimates.get(i).toPlainString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // Names are Kubernetes names, but quote defensively as RFC 4180 does.
    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
