package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What serves a route: a variant per integration type the data plane runs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HttpIntegrationConfig.class, name = "HTTP"),
    @JsonSubTypes.Type(value = MockIntegrationConfig.class, name = "MOCK"),
    @JsonSubTypes.Type(value = LambdaIntegrationConfig.class, name = "LAMBDA")
})
public sealed interface IntegrationConfig
        permits HttpIntegrationConfig, MockIntegrationConfig, LambdaIntegrationConfig {}
