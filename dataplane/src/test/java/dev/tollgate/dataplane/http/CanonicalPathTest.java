package dev.tollgate.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalPathTest {

    private static List<String> segments(String raw) throws MalformedRequestException {
        return CanonicalPath.parse(raw).segments();
    }

    @Test
    void splitsAndDecodesEachSegmentOnce() throws Exception {
        assertThat(segments("/pets/caf%C3%A9/%2541")).containsExactly("pets", "café", "%41");
    }

    @Test
    void encodedSlashStaysInsideItsSegment() throws Exception {
        CanonicalPath path = CanonicalPath.parse("/files/a%2Fb/c");
        assertThat(path.segments()).containsExactly("files", "a/b", "c");
        assertThat(path.encoded()).isEqualTo("/files/a%2Fb/c");
    }

    @Test
    void resolvesDotSegments() throws Exception {
        assertThat(segments("/a/./b/../c")).containsExactly("a", "c");
    }

    @Test
    void encodedDotSegmentsAreResolvedSoRoutingAndBackendAgree() throws Exception {
        CanonicalPath path = CanonicalPath.parse("/pets/%2e%2e/admin");
        assertThat(path.segments()).containsExactly("admin");
        assertThat(CanonicalPath.parse("/pets/%2E/x").segments()).containsExactly("pets", "x");
    }

    @Test
    void traversalAboveTheRootIsRefused() {
        assertThatThrownBy(() -> CanonicalPath.parse("/..")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/a/../../b")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/%2e%2e/etc")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void doubleAndTrailingSlashesCollapse() throws Exception {
        assertThat(segments("//pets///1/")).containsExactly("pets", "1");
        assertThat(CanonicalPath.parse("/").segments()).isEmpty();
        assertThat(CanonicalPath.parse("/").encoded()).isEqualTo("/");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> CanonicalPath.parse("/%FF")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/%C3")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void overlongUtf8IsRefused() {
        // %C0%AF is an overlong '/', %C0%AE an overlong '.': classic traversal tricks.
        assertThatThrownBy(() -> CanonicalPath.parse("/a/%C0%AF/b")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/%C0%AE%C0%AE/x")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/%E0%80%AF")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> CanonicalPath.parse("/a%00b")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void brokenEscapesAreRefused() {
        assertThatThrownBy(() -> CanonicalPath.parse("/a%2")).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> CanonicalPath.parse("/a%zz")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void relativePathIsRefused() {
        assertThatThrownBy(() -> CanonicalPath.parse("pets")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void plusInPathIsALiteralPlus() throws Exception {
        assertThat(segments("/a+b")).containsExactly("a+b");
    }

    @Test
    void reEncodingKeepsSegmentBoundaries() throws Exception {
        CanonicalPath path = CanonicalPath.parse("/a%20b/c%3Fd/%25");
        assertThat(path.encoded()).isEqualTo("/a%20b/c%3Fd/%25");
        assertThat(CanonicalPath.parse(path.encoded())).isEqualTo(path);
    }
}
