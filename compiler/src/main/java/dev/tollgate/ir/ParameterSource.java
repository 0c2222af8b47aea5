package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * Where a mapped value comes from. Stage variables of request mappings are resolved to literals by
 * the compiler; those of response mappings ({@link StageVariable}) are read from the stage served.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "from")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ParameterSource.Request.class, name = "request"),
    @JsonSubTypes.Type(value = ParameterSource.Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = ParameterSource.Context.class, name = "context"),
    @JsonSubTypes.Type(value = ParameterSource.IntegrationResponseHeader.class, name = "integrationResponseHeader"),
    @JsonSubTypes.Type(value = ParameterSource.AuthorizerValue.class, name = "authorizer"),
    @JsonSubTypes.Type(value = ParameterSource.RequestBody.class, name = "requestBody"),
    @JsonSubTypes.Type(value = ParameterSource.IntegrationResponseBody.class, name = "integrationResponseBody"),
    @JsonSubTypes.Type(value = ParameterSource.StageVariable.class, name = "stageVariable")
})
public sealed interface ParameterSource {

    /** Where in the method request a value is. */
    enum Location {
        PATH,
        QUERYSTRING,
        HEADER,
        MULTIVALUEQUERYSTRING,
        MULTIVALUEHEADER
    }

    /**
     * A value of the method request ({@code method.request.path|querystring|header.NAME}); absent
     * values map to nothing.
     */
    record Request(Location location, String name) implements ParameterSource {
        public Request {
            Objects.requireNonNull(location, "location");
            Ir.require(name, "name");
        }
    }

    /** A fixed value ({@code 'text'} in AWS, or a stage variable resolved by the compiler). */
    record Literal(String value) implements ParameterSource {
        public Literal {
            Ir.require(value, "value");
        }
    }

    /** A {@code $context} variable ({@code context.requestId}). */
    record Context(ContextVariable variable) implements ParameterSource {
        public Context {
            Objects.requireNonNull(variable, "variable");
        }
    }

    /** A header of the backend's response ({@code integration.response.header.NAME}). */
    record IntegrationResponseHeader(String name) implements ParameterSource {
        public IntegrationResponseHeader {
            Ir.require(name, "name");
        }
    }

    /**
     * What the route's authorizer said about the caller ({@code context.authorizer.NAME}): {@code
     * principalId}, {@code claims.CLAIM} of a JWT, or a key of a TOKEN/REQUEST authorizer's
     * context; absent values map to nothing.
     */
    record AuthorizerValue(String name) implements ParameterSource {
        public AuthorizerValue {
            Ir.require(name, "name");
        }
    }

    /**
     * The method request's body ({@code method.request.body}), or the value at a JSONPath of it
     * ({@code method.request.body.a.b} is {@code $.a.b}); a route with one reads its whole body.
     *
     * @param jsonPath the JSONPath from {@code $}, or null for the whole body
     */
    record RequestBody(String jsonPath) implements ParameterSource {}

    /**
     * The backend response's body ({@code integration.response.body}), or the value at a JSONPath
     * of it ({@code integration.response.body.a.b} is {@code $.a.b}).
     *
     * @param jsonPath the JSONPath from {@code $}, or null for the whole body
     */
    record IntegrationResponseBody(String jsonPath) implements ParameterSource {}

    /** A stage variable of the stage served ({@code stageVariables.NAME}); absent maps to nothing. */
    record StageVariable(String name) implements ParameterSource {
        public StageVariable {
            Ir.require(name, "name");
        }
    }
}
