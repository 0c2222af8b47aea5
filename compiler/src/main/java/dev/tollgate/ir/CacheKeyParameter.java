package dev.tollgate.ir;

import java.util.Objects;

/**
 * A request value that is part of a cached response's key ({@code method.request.LOCATION.NAME}).
 *
 * @param location where the value is in the method request
 * @param name the parameter, query string or header name (header names in lower case)
 */
public record CacheKeyParameter(ParameterSource.Location location, String name) {
    public CacheKeyParameter {
        Objects.requireNonNull(location, "location");
        Ir.require(name, "name");
    }
}
