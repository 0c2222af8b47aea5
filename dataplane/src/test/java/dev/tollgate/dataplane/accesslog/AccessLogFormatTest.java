package dev.tollgate.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ir.ContextVariable;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    @Test
    void longestVariableNameWins() {
        Map<ContextVariable, String> values = new EnumMap<>(ContextVariable.class);
        values.put(ContextVariable.INTEGRATION_LATENCY_V1, "12");
        values.put(ContextVariable.INTEGRATION_STATUS, "200");
        String line = AccessLogFormat.parse("$context.integrationLatency ms $context.integration.status")
                .render(values::get);
        assertThat(line).isEqualTo("12 ms 200");
    }

    @Test
    void absentValuesRenderAsDash() {
        assertThat(AccessLogFormat.parse("[$context.error.message] $context.status")
                        .render(v -> null))
                .isEqualTo("[-] -");
    }

    @Test
    void anUnknownVariableRendersAsDashUpToWhereItsNameEnds() {
        assertThat(AccessLogFormat.parse("$context.nope $context.stage $context.authorizer.claims.sub. end")
                        .render(v -> "prod"))
                .isEqualTo("- prod -. end");
    }

    /** The formats AWS's console offers, verbatim. */
    static final String CLF = "$context.identity.sourceIp $context.identity.caller $context.identity.user"
            + " [$context.requestTime]\"$context.httpMethod $context.resourcePath $context.protocol\""
            + " $context.status $context.responseLength $context.requestId $context.extendedRequestId";

    static final String JSON = "{ \"requestId\":\"$context.requestId\","
            + " \"extendedRequestId\":\"$context.extendedRequestId\",\"ip\": \"$context.identity.sourceIp\","
            + " \"caller\":\"$context.identity.caller\", \"user\":\"$context.identity.user\","
            + " \"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\","
            + " \"resourcePath\":\"$context.resourcePath\", \"status\":\"$context.status\","
            + " \"protocol\":\"$context.protocol\", \"responseLength\":\"$context.responseLength\" }";

    static final String XML = "<request id=\"$context.requestId\"> <ip>$context.identity.sourceIp</ip>"
            + " <caller>$context.identity.caller</caller> <user>$context.identity.user</user>"
            + " <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod>"
            + " <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status>"
            + " <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength>"
            + " </request>";

    static final String CSV = "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,"
            + "$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,"
            + "$context.responseLength,$context.requestId";

    private static String value(ContextVariable v) {
        return switch (v) {
            case IDENTITY_SOURCE_IP -> "10.0.0.7";
            case REQUEST_TIME -> "14/Nov/2023:22:13:20 +0000";
            case HTTP_METHOD -> "GET";
            case RESOURCE_PATH -> "/pets/{id}";
            case PROTOCOL -> "HTTP/1.1";
            case STATUS -> "200";
            case RESPONSE_LENGTH -> "36";
            case REQUEST_ID, EXTENDED_REQUEST_ID -> "r-1";
            default -> null;
        };
    }

    @Test
    void awsStockFormatsRenderEveryVariable() {
        assertThat(AccessLogFormat.parse(CLF).render(AccessLogFormatTest::value))
                .isEqualTo("10.0.0.7 - - [14/Nov/2023:22:13:20 +0000]\"GET /pets/{id} HTTP/1.1\" 200 36 r-1 r-1");
        assertThat(AccessLogFormat.parse(JSON).render(AccessLogFormatTest::value))
                .isEqualTo("{ \"requestId\":\"r-1\", \"extendedRequestId\":\"r-1\",\"ip\": \"10.0.0.7\","
                        + " \"caller\":\"-\", \"user\":\"-\", \"requestTime\":\"14/Nov/2023:22:13:20 +0000\","
                        + " \"httpMethod\":\"GET\", \"resourcePath\":\"/pets/{id}\", \"status\":\"200\","
                        + " \"protocol\":\"HTTP/1.1\", \"responseLength\":\"36\" }");
        assertThat(AccessLogFormat.parse(XML).render(AccessLogFormatTest::value))
                .startsWith("<request id=\"r-1\"> <ip>10.0.0.7</ip> <caller>-</caller> <user>-</user>")
                .endsWith("<responseLength>36</responseLength> </request>");
        assertThat(AccessLogFormat.parse(CSV).render(AccessLogFormatTest::value))
                .isEqualTo("10.0.0.7,-,-,14/Nov/2023:22:13:20 +0000,GET,/pets/{id},HTTP/1.1,200,36,r-1");
    }

    @Test
    void jsonFormatsEscapeValuesSoALineStaysOneJsonObject() throws Exception {
        String line = AccessLogFormat.parse("{\"ua\":\"$context.identity.userAgent\"}")
                .render(v -> "evil\", \"admin\": true\\\n\u0001");
        assertThat(line).isEqualTo("{\"ua\":\"evil\\\", \\\"admin\\\": true\\\\\\n\\u0001\"}");
        assertThat(new ObjectMapper().readTree(line).path("ua").asText())
                .isEqualTo("evil\", \"admin\": true\\\n\u0001");
    }

    @Test
    void xmlFormatsEscapeValues() {
        assertThat(AccessLogFormat.parse("<ua>$context.identity.userAgent</ua>").render(v -> "<b>&'\""))
                .isEqualTo("<ua>&lt;b&gt;&amp;&apos;&quot;</ua>");
    }

    @Test
    void jsonValuesOutsideQuotesAreNumbersOrQuotedStringsNeverJsonSyntax() {
        String format = "{\"status\": $context.status, \"ua\": $context.identity.userAgent, \"p\":\"$context.path\"}";
        String attack = "1, \"admin\": true, \"x\": \"\n";
        String line = AccessLogFormat.parse(format).render(v -> switch (v) {
            case STATUS -> "200";
            case IDENTITY_USER_AGENT -> attack;
            case PATH -> "/a\"b";
            default -> null;
        });
        assertThat(line)
                .isEqualTo("{\"status\": 200, \"ua\": \"1, \\\"admin\\\": true, \\\"x\\\": \\\"\\n\","
                        + " \"p\":\"/a\\\"b\"}");
    }

    @Test
    void plainFormatsNeverLetAValueStartALineOfItsOwn() {
        assertThat(AccessLogFormat.parse("$context.identity.userAgent $context.status")
                        .render(v -> v == ContextVariable.STATUS ? "200" : "curl\r\n10.0.0.1 - - forged 200"))
                .isEqualTo("curl\\r\\n10.0.0.1 - - forged 200 200")
                .doesNotContain("\n");
    }

    @Test
    void everyContextVariableIsRecognised() {
        for (ContextVariable v : ContextVariable.values()) {
            assertThat(AccessLogFormat.parse("<$context." + v.awsName() + ">").render(x -> x == v ? "ok" : "bad"))
                    .isEqualTo("<ok>");
        }
    }

    @Test
    void requestTimeUsesAwsClfFormat() {
        assertThat(AccessLogFormat.requestTime(0L)).isEqualTo("01/Jan/1970:00:00:00 +0000");
        assertThat(AccessLogFormat.requestTime(1_700_000_000_000L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
    }

    @Test
    void requestTimeOfEveryMillisecondInASecondIsThatSecondsAndTheNextSecondMovesOn() {
        assertThat(AccessLogFormat.requestTime(1_700_000_000_001L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
        assertThat(AccessLogFormat.requestTime(1_700_000_000_999L)).isEqualTo("14/Nov/2023:22:13:20 +0000");
        assertThat(AccessLogFormat.requestTime(1_700_000_001_000L)).isEqualTo("14/Nov/2023:22:13:21 +0000");
        assertThat(AccessLogFormat.requestTime(1_699_999_999_999L)).isEqualTo("14/Nov/2023:22:13:19 +0000");
        assertThat(AccessLogFormat.requestTime(-1L)).isEqualTo("31/Dec/1969:23:59:59 +0000");
    }
}
