package dev.tollgate.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigSizeTest {
    @Test
    void tenThousandRoutesAndTenThousandKeysCompileCleanAndFitOneConfigMap() {
        ScaleReport.Size size = ScaleReport.measure(10_000, 10_000);
        assertThat(size.errors()).isZero();
        // Every route and every key is in the config: each key's hash and each route's path.
        assertThat(size.jsonBytes()).isGreaterThan(10_000L * (64 + 4));
        assertThat(size.configMapBytes())
                .as("the gzip config, base64 in binaryData, against the API server's 1 MiB object limit")
                .isLessThan(ScaleReport.CONFIG_MAP_LIMIT);
        assertThat(size.fits()).isTrue();
    }
}
