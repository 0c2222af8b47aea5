package dev.tollgate.ir;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What AWS's request validator checks on one method before the request goes further: required
 * parameters first, then the body against the model for its content type. A failure answers 400
 * through the {@code BAD_REQUEST_PARAMETERS} or {@code BAD_REQUEST_BODY} gateway response.
 *
 * @param requiredParameters the method request parameters that must be present and not blank
 *     (the validator validates parameters), sorted by AWS's key {@code LOCATION.NAME}, which is
 *     also the order AWS names the missing ones in; empty when parameters are not validated
 * @param requestModels the body models by content type (the validator validates the body),
 *     sorted; {@code $default} applies to a content type without its own; empty when the body is
 *     not validated
 */
public record ValidationConfig(
        List<RequiredParameter> requiredParameters, SortedMap<String, ModelConfig> requestModels) {

    /** The content type key of the model that applies to any content type without its own, as AWS. */
    public static final String DEFAULT_CONTENT_TYPE = "$default";

    public ValidationConfig {
        requiredParameters = Ir.list(requiredParameters);
        requestModels = requestModels == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(requestModels));
        if (requiredParameters.isEmpty() && requestModels.isEmpty()) {
            throw new IllegalArgumentException("a validation checks parameters or a body");
        }
    }

    /**
     * A required method request parameter ({@code method.request.LOCATION.NAME: true}).
     *
     * @param location PATH, QUERYSTRING or HEADER
     * @param name the parameter, query string or header name as declared
     */
    public record RequiredParameter(ParameterSource.Location location, String name) {
        public RequiredParameter {
            Objects.requireNonNull(location, "location");
            Ir.require(name, "name");
            if (location != ParameterSource.Location.PATH
                    && location != ParameterSource.Location.QUERYSTRING
                    && location != ParameterSource.Location.HEADER) {
                throw new IllegalArgumentException("a method request parameter is a path, querystring or header");
            }
        }
    }

    /**
     * One model (JSON schema draft 4) as the validator applies it.
     *
     * @param name the model's name in its RestApi
     * @param schema the model's schema as canonical JSON, self-contained: the models it refers to
     *     are under {@code definitions} and every {@code $ref} is a pointer into this document
     */
    public record ModelConfig(String name, String schema) {
        public ModelConfig {
            Ir.require(name, "name");
            Ir.require(schema, "schema");
        }
    }
}
