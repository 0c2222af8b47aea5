package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The data plane's listeners. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Listeners {
    @JsonPropertyDescription("Plain HTTP.")
    private HttpListener http;

    @JsonPropertyDescription("HTTPS.")
    private HttpsListener https;

    public HttpListener getHttp() {
        return http;
    }

    public void setHttp(HttpListener http) {
        this.http = http;
    }

    public HttpsListener getHttps() {
        return https;
    }

    public void setHttps(HttpsListener https) {
        this.https = https;
    }
}
