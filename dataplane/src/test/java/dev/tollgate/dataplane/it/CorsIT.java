package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.CorsConfig;
import dev.tollgate.ir.ProtocolType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CorsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "web.default.execute-api.localhost";
    private static final String OPEN = "open.default.execute-api.localhost";

    @BeforeAll
    static void serve() {
        ApiConfig web = new ApiConfig(
                "web",
                ProtocolType.HTTP,
                true,
                List.of(stage("prod", route("GET", "/items", mock("{\"items\":[]}")))),
                List.of(),
                new CorsConfig(
                        List.of("https://app.example.com"),
                        List.of("GET", "POST"),
                        List.of("authorization", "content-type"),
                        List.of("X-Total-Count"),
                        600,
                        true));
        ApiConfig open = new ApiConfig(
                "open",
                ProtocolType.HTTP,
                true,
                List.of(stage("prod", route("GET", "/items", mock("{}")))),
                List.of(),
                new CorsConfig(List.of("*"), List.of("*"), List.of("*"), List.of(), -1, false));
        GATEWAY.serve(config(web, open));
    }

    private static RawHttp.Response preflight(String host, String origin, String method, String headers)
            throws Exception {
        return GATEWAY.raw("OPTIONS /prod/items HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                + "\r\nAccess-Control-Request-Method: " + method + "\r\n"
                + (headers == null ? "" : "Access-Control-Request-Headers: " + headers + "\r\n") + "\r\n");
    }

    @Test
    void preflightFromAllowedOriginIsAnsweredWithoutAnOptionsRoute() throws Exception {
        RawHttp.Response r = preflight(HOST, "https://app.example.com", "POST", "Content-Type, Authorization");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET,POST");
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("authorization,content-type");
        assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(r.header("Vary")).isEqualTo("Origin");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void preflightFromOtherOriginGetsNoCorsHeaders() throws Exception {
        RawHttp.Response r = preflight(HOST, "https://evil.example.com", "GET", null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void preflightForDisallowedMethodOrHeaderGetsNoCorsHeaders() throws Exception {
        assertThat(preflight(HOST, "https://app.example.com", "DELETE", null).header("Access-Control-Allow-Origin"))
                .isNull();
        assertThat(preflight(HOST, "https://app.example.com", "GET", "X-Secret").header("Access-Control-Allow-Origin"))
                .isNull();
    }

    @Test
    void actualResponseToAllowedOriginCarriesCorsHeaders() throws Exception {
        RawHttp.Response r = GATEWAY.raw(
                "GET /prod/items HTTP/1.1\r\nHost: " + HOST + "\r\nOrigin: https://APP.example.com\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://APP.example.com");
        assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("X-Total-Count");
        assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    }

    @Test
    void errorResponsesCarryCorsHeadersToo() throws Exception {
        RawHttp.Response r = GATEWAY.raw(
                "GET /prod/missing HTTP/1.1\r\nHost: " + HOST + "\r\nOrigin: https://app.example.com\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    }

    @Test
    void actualResponseToOtherOriginHasNoAllowOrigin() throws Exception {
        RawHttp.Response r = GATEWAY.raw(
                "GET /prod/items HTTP/1.1\r\nHost: " + HOST + "\r\nOrigin: https://evil.example.com\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void wildcardsAnswerAnyOriginWithStarAndEchoRequestedMethodAndHeaders() throws Exception {
        RawHttp.Response r = preflight(OPEN, "https://anyone.example", "PATCH", "X-Custom");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("PATCH");
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("X-Custom");
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(r.header("Access-Control-Max-Age")).isNull();
    }

    @Test
    void plainOptionsWithoutPreflightHeadersIsRoutedAsUsual() throws Exception {
        RawHttp.Response r = GATEWAY.raw("OPTIONS /prod/items HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
    }
}
