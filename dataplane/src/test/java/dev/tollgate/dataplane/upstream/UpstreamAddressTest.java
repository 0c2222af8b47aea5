package dev.tollgate.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamAddressTest {
    @Test
    void httpsIsSecureAndHttpIsNot() {
        assertThat(UpstreamAddress.https("api.example.com", 443).secure()).isTrue();
        assertThat(UpstreamAddress.http("api.example.com", 80).secure()).isFalse();
    }

    @Test
    void ipv6HostIsBracketedInItsText() {
        assertThat(UpstreamAddress.http("::1", 8080)).hasToString("http://[::1]:8080");
        assertThat(UpstreamAddress.https("pets.default", 443)).hasToString("https://pets.default:443");
    }

    @Test
    void unknownSchemeBlankHostAndBadPortAreRejected() {
        assertThatThrownBy(() -> new UpstreamAddress("ftp", "h", 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamAddress.http(" ", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamAddress.http("h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamAddress.http("h", 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultOptionsAreTheDocumentedOnes() {
        UpstreamClientOptions d = UpstreamClientOptions.defaults();

        assertThat(d.maxConnectionsPerHost()).isEqualTo(256);
        assertThat(d.maxIdlePerHost()).isEqualTo(64);
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.maxResponseBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new UpstreamClientOptions(1, 1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)).maxPendingPerHost())
                .isEqualTo(UpstreamClientOptions.DEFAULT_MAX_PENDING_PER_HOST);
    }

    @Test
    void optionsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> UpstreamClientOptions.defaults().withMaxConnectionsPerHost(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamClientOptions.defaults().withIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamClientOptions.defaults().withMaxResponseBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
