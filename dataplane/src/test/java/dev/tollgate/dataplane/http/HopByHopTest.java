package dev.tollgate.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    private static HttpHeaders connection(String... values) {
        // Unvalidated, as a backend's answer may be: a value with spaces around it is kept as it came.
        HttpHeaders headers =
                DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (String v : values) {
            headers.add("Connection", v);
        }
        return headers;
    }

    @Test
    void connectionTokensAreEveryCommaSeparatedNameOfEveryConnectionHeaderTrimmed() {
        assertThat(HopByHop.connectionTokens(connection())).isEmpty();
        assertThat(HopByHop.connectionTokens(connection("keep-alive"))).containsExactly("keep-alive");
        assertThat(HopByHop.connectionTokens(connection("Close"))).containsExactly("Close");
        assertThat(HopByHop.connectionTokens(connection(" keep-alive "))).containsExactly("keep-alive");
        assertThat(HopByHop.connectionTokens(connection("close, X-Secret,,"))).containsExactly("close", "X-Secret");
        assertThat(HopByHop.connectionTokens(connection("keep-alive", "X-Other")))
                .containsExactly("keep-alive", "X-Other");
        assertThat(HopByHop.connectionTokens(connection(""))).isEmpty();
    }

    @Test
    void stripDropsHopByHopHeadersAndWhatTheConnectionHeaderNames() {
        HttpHeaders headers = connection("keep-alive, X-Secret");
        headers.add("X-Secret", "1").add("Keep-Alive", "timeout=5").add("X-Kept", "2");
        HopByHop.strip(headers);
        assertThat(headers.names()).containsExactly("X-Kept");
    }
}
