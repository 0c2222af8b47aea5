package dev.tollgate.ir;

import java.util.Objects;

/**
 * One parameter mapping, as AWS's {@code integration.request.header.x = method.request.path.y}.
 *
 * @param target where the value goes: a header, query string value or path placeholder of the
 *     backend request, or a header of the method response
 * @param name the header, query string or placeholder name
 * @param source where the value comes from
 */
public record ParameterMapping(Target target, String name, ParameterSource source) {

    /** Where a mapped value goes. */
    public enum Target {
        HEADER,
        QUERYSTRING,
        PATH
    }

    public ParameterMapping {
        Objects.requireNonNull(target, "target");
        Ir.require(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
