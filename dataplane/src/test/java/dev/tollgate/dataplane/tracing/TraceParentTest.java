package dev.tollgate.dataplane.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** W3C traceparent parsing as the specification says, and AWS's X-Amzn-Trace-Id. */
class TraceParentTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aValidHeaderIsReadAndWrittenBack() {
        TraceParent p = TraceParent.parse("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(p).isEqualTo(new TraceParent(TRACE, SPAN, 1));
        assertThat(p.sampled()).isTrue();
        assertThat(p.header()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(TraceParent.parse("00-" + TRACE + "-" + SPAN + "-00").sampled())
                .isFalse();
    }

    @Test
    void invalidHeadersAreRefused() {
        assertThat(TraceParent.parse(null)).isNull();
        assertThat(TraceParent.parse("")).isNull();
        assertThat(TraceParent.parse("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01"))
                .isNull();
        assertThat(TraceParent.parse("ff-" + TRACE + "-" + SPAN + "-01")).isNull();
        assertThat(TraceParent.parse("00-" + "0".repeat(32) + "-" + SPAN + "-01"))
                .isNull();
        assertThat(TraceParent.parse("00-" + TRACE + "-" + "0".repeat(16) + "-01"))
                .isNull();
        assertThat(TraceParent.parse("00-" + TRACE + "-" + SPAN + "-01-extra")).isNull();
        assertThat(TraceParent.parse("00_" + TRACE + "-" + SPAN + "-01")).isNull();
        assertThat(TraceParent.parse("00-" + TRACE + "-" + SPAN + "-0g")).isNull();
    }

    @Test
    void aLaterVersionIsReadByItsFirstFourFields() {
        assertThat(TraceParent.parse("01-" + TRACE + "-" + SPAN + "-01-future"))
                .isEqualTo(new TraceParent(TRACE, SPAN, 1));
        assertThat(TraceParent.parse("01-" + TRACE + "-" + SPAN + "-01future")).isNull();
    }

    @Test
    void aChildKeepsTheTraceAndItsFlagsWithTheGatewaysSpan() {
        TraceParent child = new TraceParent(TRACE, SPAN, 3).child("1111111111111111");
        assertThat(child.header()).isEqualTo("00-" + TRACE + "-1111111111111111-03");
        assertThat(TraceParent.newSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
        assertThat(TraceParent.newTraceId()).matches("[0-9a-f]{32}");
    }

    @Test
    void theTraceIdInXraysFormSplitsTheTimestampPart() {
        assertThat(new TraceParent(TRACE, SPAN, 1).xrayTraceId()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
    }

    @Test
    void anXrayHeaderGivesItsRootAndParent() {
        XrayTraceHeader x = XrayTraceHeader.parse(
                "Root=1-5759E988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a");
        assertThat(x.root()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(x.asParent()).isEqualTo(new TraceParent("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", 1));
        assertThat(XrayTraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793")
                        .asParent())
                .isNull();
        assertThat(XrayTraceHeader.parse("Parent=53995c3f42cd8ad8")).isNull();
        assertThat(XrayTraceHeader.parse("Root=1-zz-bd862e3fe1be46a994272793")).isNull();
    }
}
