package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One parameter mapping of an HTTP API, as AWS's API Gateway v2 writes it: {@code
 * append|overwrite|remove:header.NAME}, {@code append|overwrite|remove:querystring.NAME} and
 * {@code overwrite:path} on the request sent to the backend, {@code append|overwrite|remove:header.NAME}
 * and {@code overwrite:statuscode} on the backend's answer.
 *
 * @param action what is done to the target
 * @param target what is changed
 * @param name the header or query string name; null for {@code PATH} and {@code STATUSCODE}
 * @param value the new value's parts, concatenated: literal text and the sources of {@code
 *     $request.*}, {@code $response.*}, {@code $context.*} and {@code $stageVariables.*}; a
 *     multi-value source gives its values joined with commas, as AWS joins them; empty for {@code
 *     REMOVE}
 */
public record HttpApiMapping(
        Action action,
        Target target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ParameterSource> value) {

    /** What a mapping does. */
    public enum Action {
        /** Adds a value beside those the target already has. */
        APPEND,
        /** Replaces the target's values with this one. */
        OVERWRITE,
        /** Removes the target. */
        REMOVE
    }

    /** What a mapping changes. */
    public enum Target {
        HEADER,
        QUERYSTRING,
        /** The whole backend path. */
        PATH,
        /** The status code of the answer (response mappings only). */
        STATUSCODE
    }

    public HttpApiMapping {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        boolean named = target == Target.HEADER || target == Target.QUERYSTRING;
        if (named != (name != null)) {
            throw new IllegalArgumentException(target + " mappings " + (named ? "need" : "take no") + " name");
        }
        value = Ir.list(value);
        if ((action == Action.REMOVE) != value.isEmpty()) {
            throw new IllegalArgumentException("only a REMOVE mapping has no value");
        }
    }
}
