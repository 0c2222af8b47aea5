package dev.tollgate.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gzip and deflate chosen by Accept-Encoding q-values; bodies decoded within a bound. */
class CompressionTest {
    @Test
    void theHighestQValueWinsAndGzipWinsTies() {
        assertThat(Compression.choose("gzip, deflate")).isEqualTo("gzip");
        assertThat(Compression.choose("deflate, gzip;q=0.5")).isEqualTo("deflate");
        assertThat(Compression.choose("br, deflate;q=0.1")).isEqualTo("deflate");
        assertThat(Compression.choose("*;q=0.3")).isEqualTo("gzip");
        assertThat(Compression.choose("gzip;q=0, *;q=0.2")).isEqualTo("deflate");
    }

    @Test
    void nothingAcceptableMeansIdentity() {
        assertThat(Compression.choose(null)).isNull();
        assertThat(Compression.choose("br, identity")).isNull();
        assertThat(Compression.choose("gzip;q=0, deflate;q=0")).isNull();
        assertThat(Compression.choose("gzip;q=nonsense")).isNull();
    }

    @Test
    void encodedBodiesDecodeAndABombStopsAtTheBound() {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        for (String coding : List.of(Compression.GZIP, Compression.DEFLATE)) {
            byte[] encoded = Compression.encode(body, coding);
            assertThat(encoded.length).isLessThan(body.length / 10);
            assertThat(Compression.decode(encoded, coding, 200_000)).isEqualTo(body);
            assertThatThrownBy(() -> Compression.decode(encoded, coding, 50_000))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Compression.decode(body, "gzip", 200_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
