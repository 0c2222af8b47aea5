package dev.tollgate.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS's binaryMediaTypes matching, wildcards included, and the first Accept type AWS honours. */
class MediaTypesTest {
    @Test
    void binaryMediaTypesMatchWithWildcardsAndParametersIgnored() {
        List<String> binary = List.of("image/*", "application/octet-stream");
        assertThat(MediaTypes.matchesAny("image/png", binary)).isTrue();
        assertThat(MediaTypes.matchesAny("IMAGE/JPEG; q=0.8", binary)).isTrue();
        assertThat(MediaTypes.matchesAny("application/octet-stream", binary)).isTrue();
        assertThat(MediaTypes.matchesAny("application/json", binary)).isFalse();
        assertThat(MediaTypes.matchesAny("application/json", List.of("*/*"))).isTrue();
        assertThat(MediaTypes.matchesAny(null, List.of("*/*"))).isFalse();
        assertThat(MediaTypes.matchesAny("image/png", List.of())).isFalse();
    }

    @Test
    void onlyTheFirstAcceptedTypeCounts() {
        // AWS: "If a request contains multiple media types in its Accept header, API Gateway
        // honors only the first Accept media type."
        assertThat(MediaTypes.firstAccepted("image/webp,image/*,*/*;q=0.8")).isEqualTo("image/webp");
        assertThat(MediaTypes.firstAccepted(" ")).isNull();
    }
}
