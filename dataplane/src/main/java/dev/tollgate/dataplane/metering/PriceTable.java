package dev.tollgate.dataplane.metering;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * AWS API Gateway's list prices, read from a resource with its date and region: requests per
 * million by tier for REST, HTTP and WebSocket APIs, and data transferred out per GB. An estimate
 * of what AWS would have charged, never a bill: tiers are applied as if the report's range were a
 * whole month from zero, HTTP requests are counted in 512 KB units from the range's bytes, and
 * AWS's free tier, unbilled failures and cache hours are left out.
 *
 * @param date when the prices were published (year and month)
 * @param region the AWS region they are for
 * @param currency the currency of every price
 * @param rest REST API request tiers
 * @param http HTTP API request tiers
 * @param httpMeteringBytes the size of one metered HTTP API request
 * @param websocket WebSocket message tiers
 * @param dataTransferOutPerGb data transferred out, per GB (2^30 bytes)
 */
public record PriceTable(
        String date,
        String region,
        String currency,
        List<Tier> rest,
        List<Tier> http,
        long httpMeteringBytes,
        List<Tier> websocket,
        double dataTransferOutPerGb) {

    private static final String RESOURCE = "aws-prices.properties";
    private static final double GB = 1024.0 * 1024 * 1024;

    /**
     * One price tier.
     *
     * @param upTo the cumulative request count the tier ends at ({@link Long#MAX_VALUE} for the last)
     * @param perMillion the price of a million requests in the tier
     */
    public record Tier(long upTo, double perMillion) {}

    public PriceTable {
        rest = List.copyOf(rest);
        http = List.copyOf(http);
        websocket = List.copyOf(websocket);
    }

    /** The table shipped with the data plane. */
    public static PriceTable aws() {
        Properties p = new Properties();
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PriceTable(
                p.getProperty("date"),
                p.getProperty("region"),
                p.getProperty("currency"),
                parseTiers(p.getProperty("rest.tiers")),
                parseTiers(p.getProperty("http.tiers")),
                Long.parseLong(p.getProperty("http.meteringBytes")),
                parseTiers(p.getProperty("websocket.tiers")),
                Double.parseDouble(p.getProperty("dataTransferOut.perGb")));
    }

    private static List<Tier> parseTiers(String text) {
        List<Tier> out = new ArrayList<>();
        for (String t : text.split(",")) {
            String[] parts = t.trim().split(":");
            long upTo = parts[0].equals("*") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            out.add(new Tier(upTo, Double.parseDouble(parts[1])));
        }
        return out;
    }

    /** The tiers of a protocol type (REST, HTTP or WEBSOCKET). */
    public List<Tier> tiers(String protocol) {
        return switch (protocol) {
            case "HTTP" -> http;
            case "WEBSOCKET" -> websocket;
            default -> rest;
        };
    }

    /** What {@code requests} cost through the tiers, from the first. */
    public static double tiered(List<Tier> tiers, long requests) {
        double cost = 0;
        long counted = 0;
        for (Tier tier : tiers) {
            if (counted >= requests) {
                break;
            }
            long inTier = Math.min(requests, tier.upTo()) - counted;
            cost += inTier * tier.perMillion() / 1_000_000;
            counted += inTier;
        }
        return cost;
    }

    /** The metered request count of a row: HTTP APIs in 512 KB units, others per call. */
    public long meteredRequests(UsageLedger.Row row) {
        if (!row.key().protocol().equals("HTTP")) {
            return row.calls();
        }
        long bytes = row.bytesIn() + row.bytesOut();
        return Math.max(row.calls(), (bytes + httpMeteringBytes - 1) / httpMeteringBytes);
    }

    /** Data transferred out, priced. */
    public double dataTransferOut(long bytes) {
        return bytes / GB * dataTransferOutPerGb;
    }
}
