package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void durationsAreWholeNumbersWithAUnit() {
        assertThat(Quantities.millis("250ms")).isEqualTo(250);
        assertThat(Quantities.millis("10s")).isEqualTo(10_000);
        assertThat(Quantities.millis("2m")).isEqualTo(120_000);
        assertThat(Quantities.millis("1h")).isEqualTo(3_600_000);
        for (String bad : new String[] {"10", "1.5s", "-1s", "10 s", "ten seconds", "", "1d"}) {
            assertThatThrownBy(() -> Quantities.millis(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sizesAreBytesOrBinaryUnits() {
        assertThat(Quantities.bytes("1048576")).isEqualTo(1L << 20);
        assertThat(Quantities.bytes("512Ki")).isEqualTo(512L << 10);
        assertThat(Quantities.bytes("64Mi")).isEqualTo(64L << 20);
        assertThat(Quantities.bytes("2Gi")).isEqualTo(2L << 30);
        for (String bad : new String[] {"1TB", "1.5Mi", "64M", "-1", ""}) {
            assertThatThrownBy(() -> Quantities.bytes(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
