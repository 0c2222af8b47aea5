package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How long the data plane waits for clients; each a duration such as {@code 10s} or {@code 500ms}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewayTimeouts {
    @JsonPropertyDescription(
            "From a request's first byte to the end of its headers; past it 408 and close. Default 10s.")
    @Pattern("^" + Grammar.DURATION + "$")
    private String requestHeader;

    @JsonPropertyDescription(
            "Longest pause between bytes of a request body being read; past it 408 and close." + " Default 10s.")
    @Pattern("^" + Grammar.DURATION + "$")
    private String requestBodyIdle;

    @JsonPropertyDescription("Longest time to receive a whole request body; past it 408 and close. Default 60s.")
    @Pattern("^" + Grammar.DURATION + "$")
    private String requestBody;

    @JsonPropertyDescription("A keep-alive connection without a request (HTTP/2: without a stream), or a response"
            + " the client does not read, is closed after this long. Default 60s.")
    @Pattern("^" + Grammar.DURATION + "$")
    private String idle;

    @JsonPropertyDescription("Longest TLS handshake, ClientHello included. Default 10s.")
    @Pattern("^" + Grammar.DURATION + "$")
    private String tlsHandshake;

    public String getRequestHeader() {
        return requestHeader;
    }

    public void setRequestHeader(String requestHeader) {
        this.requestHeader = requestHeader;
    }

    public String getRequestBodyIdle() {
        return requestBodyIdle;
    }

    public void setRequestBodyIdle(String requestBodyIdle) {
        this.requestBodyIdle = requestBodyIdle;
    }

    public String getRequestBody() {
        return requestBody;
    }

    public void setRequestBody(String requestBody) {
        this.requestBody = requestBody;
    }

    public String getIdle() {
        return idle;
    }

    public void setIdle(String idle) {
        this.idle = idle;
    }

    public String getTlsHandshake() {
        return tlsHandshake;
    }

    public void setTlsHandshake(String tlsHandshake) {
        this.tlsHandshake = tlsHandshake;
    }
}
