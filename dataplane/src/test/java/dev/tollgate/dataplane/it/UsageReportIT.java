package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.metering.UsageCommand;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.MutableClock;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usage report against known traffic through real sockets: calls, bytes in and out and cache
 * hits per API, stage and key for a time range, as JSON, CSV, through the {@code usage} command,
 * and with AWS's price estimate.
 */
class UsageReportIT {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(T0.plusSeconds(5));

    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension()
            .options(o -> o.withDefaultApi(ApiRef.parse("shop")).withClock(clock));

    private long aliceBytesOut;
    private long anonymousBytesOut;

    @BeforeEach
    void serve() {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                """
                  cache: {enabled: true, size: "0.5", ttlInSeconds: 300}
                """,
                "",
                LimitsYaml.ALICE,
                "")));
    }

    private RawHttp.Response send(String method, String path, String key, String body) throws IOException {
        RawHttp.Response r = gateway.raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (key == null ? "" : "x-api-key: " + key + "\r\n")
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(r.status()).isEqualTo(200);
        return r;
    }

    private static long length(RawHttp.Response r) {
        return Long.parseLong(r.header("content-length"));
    }

    /**
     * Minute one: alice GETs thrice (one miss, two hits) and POSTs 11 bytes; an anonymous caller
     * GETs an open method twice (one miss, one hit: the stage cache takes every GET, as AWS's).
     */
    private void knownTraffic() throws IOException {
        for (int i = 0; i < 3; i++) {
            aliceBytesOut += length(send("GET", "/prod/items?type=a", LimitsYaml.ALICE, ""));
        }
        aliceBytesOut += length(send("POST", "/prod/items", LimitsYaml.ALICE, "hello world"));
        for (int i = 0; i < 2; i++) {
            anonymousBytesOut += length(send("GET", "/prod/open", null, ""));
        }
    }

    private JsonNode report(String query) throws IOException {
        RawHttp.Response r = RawHttp.get(gateway.adminPort(), "localhost", "/usage/report?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void reportCountsCallsBytesAndCacheHitsPerKeyForTheRangeAsked() throws IOException {
        knownTraffic();
        clock.advance(Duration.ofMinutes(2));
        long later = length(send("POST", "/prod/items", LimitsYaml.ALICE, "abc"));

        JsonNode first = report("from=" + T0 + "&to=" + T0.plusSeconds(60));
        assertThat(first.get("rows")).hasSize(2);
        JsonNode anonymous = first.get("rows").get(0);
        assertThat(anonymous.get("apiKey").asText()).isEmpty();
        assertThat(anonymous.get("calls").asLong()).isEqualTo(2);
        assertThat(anonymous.get("bytesOut").asLong()).isEqualTo(anonymousBytesOut);
        assertThat(anonymous.get("cacheHits").asLong()).isEqualTo(1);
        JsonNode alice = first.get("rows").get(1);
        assertThat(alice.get("namespace").asText()).isEqualTo("default");
        assertThat(alice.get("api").asText()).isEqualTo("shop");
        assertThat(alice.get("stage").asText()).isEqualTo("prod");
        assertThat(alice.get("apiKey").asText()).isEqualTo("alice");
        assertThat(alice.get("calls").asLong()).isEqualTo(4);
        assertThat(alice.get("bytesIn").asLong()).isEqualTo(11);
        assertThat(alice.get("bytesOut").asLong()).isEqualTo(aliceBytesOut);
        assertThat(alice.get("cacheHits").asLong()).isEqualTo(2);
        assertThat(first.get("totals").get("calls").asLong()).isEqualTo(6);

        JsonNode all = report("from=" + T0 + "&to=" + T0.plusSeconds(600) + "&key=alice");
        assertThat(all.get("rows")).hasSize(1);
        assertThat(all.get("rows").get(0).get("calls").asLong()).isEqualTo(5);
        assertThat(all.get("rows").get(0).get("bytesIn").asLong()).isEqualTo(14);
        assertThat(all.get("rows").get(0).get("bytesOut").asLong()).isEqualTo(aliceBytesOut + later);

        assertThat(report("from=" + T0.plusSeconds(180) + "&to=" + T0.plusSeconds(600))
                        .get("rows"))
                .isEmpty();
    }

    @Test
    void csvHasAHeaderAndOneLinePerKey() throws IOException {
        knownTraffic();
        RawHttp.Response r = RawHttp.get(
                gateway.adminPort(), "localhost", "/usage/report?format=csv&from=" + T0 + "&to=" + T0.plusSeconds(60));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/csv");
        assertThat(r.body())
                .isEqualTo("namespace,api,stage,apiKey,calls,bytesIn,bytesOut,cacheHits\n"
                        + "default,shop,prod,,2,0," + anonymousBytesOut + ",1\n"
                        + "default,shop,prod,alice,4,11," + aliceBytesOut + ",2\n");
    }

    /** What the {@code usage} command printed and returned. */
    private record Run(int code, String out, String err) {}

    /** Runs {@code usage --admin <this gateway> ARGS}. */
    private Run usage(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        all[0] = "usage";
        all[1] = "--admin";
        all[2] = "http://127.0.0.1:" + gateway.adminPort();
        System.arraycopy(args, 0, all, 3, args.length);
        int code = UsageCommand.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageCommandPrintsTheReportOfARunningGateway() throws Exception {
        knownTraffic();
        Run run = usage(
                "--from", T0.toString(), "--to", T0.plusSeconds(60).toString(), "--format", "csv", "--key", "alice");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo("namespace,api,stage,apiKey,calls,bytesIn,bytesOut,cacheHits\n"
                        + "default,shop,prod,alice,4,11," + aliceBytesOut + ",2\n");
    }

    @Test
    void usageCommandExitsNonZeroWhenTheGatewayRefusesTheRange() throws Exception {
        Run run = usage("--from", T0.toString(), "--to", T0.minusSeconds(60).toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("400");
    }

    @Test
    void usageCommandRefusesABadOptionValueWithItsUsage() throws Exception {
        Run run = usage("--since", "yesterday");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--since takes").contains("tollgate-dataplane usage");
    }

    @Test
    void awsPriceEstimateChargesRestRequestsAtTheFirstTierPlusDataOut() throws IOException {
        knownTraffic();
        JsonNode r = report("prices=aws&from=" + T0 + "&to=" + T0.plusSeconds(60));
        JsonNode alice = r.get("rows").get(1);
        // 4 REST requests at USD 3.50 per million, and the bytes sent at USD 0.09 per GB.
        double expected = 4 * 3.50 / 1_000_000 + aliceBytesOut / (1024.0 * 1024 * 1024) * 0.09;
        assertThat(alice.get("estimatedCost").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(expected).setScale(6, RoundingMode.HALF_UP));
        assertThat(r.get("estimate").get("pricesDate").asText()).matches("\\d{4}-\\d{2}");
        assertThat(r.get("estimate").get("currency").asText()).isEqualTo("USD");
        assertThat(r.get("estimate").get("note").asText()).contains("estimate");
    }

    @Test
    void badRangeOrFormatAnswers400() throws IOException {
        assertThat(RawHttp.get(gateway.adminPort(), "localhost", "/usage/report?from=yesterday")
                        .status())
                .isEqualTo(400);
        assertThat(RawHttp.get(gateway.adminPort(), "localhost", "/usage/report?format=xml")
                        .status())
                .isEqualTo(400);
    }
}
