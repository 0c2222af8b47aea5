package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How a route's callers are authorized: a variant per authorizer kind the data plane runs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JwtAuthorizerConfig.class, name = "JWT"),
    @JsonSubTypes.Type(value = RequestAuthorizerConfig.class, name = "CUSTOM"),
    @JsonSubTypes.Type(value = KubernetesAuthorizerConfig.class, name = "KUBERNETES")
})
public sealed interface AuthorizerConfig
        permits JwtAuthorizerConfig, RequestAuthorizerConfig, KubernetesAuthorizerConfig {
    /** The authorizer's name in its RestApi. */
    String name();
}
