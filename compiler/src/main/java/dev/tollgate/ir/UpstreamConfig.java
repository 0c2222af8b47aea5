package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where an HTTP backend is. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = UrlUpstreamConfig.class, name = "url"),
    @JsonSubTypes.Type(value = ServiceUpstreamConfig.class, name = "service")
})
public sealed interface UpstreamConfig permits UrlUpstreamConfig, ServiceUpstreamConfig {
    /** {@code http} or {@code https}. */
    String scheme();

    /** The port to connect to (for a Service: its service port). */
    int port();
}
