package dev.tollgate.dataplane.steps.validation;

import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.ir.ValidationConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The method request parameters a validator requires, checked as AWS checks them: present and
 * not blank (a header or query string value of only whitespace counts as missing). Only presence
 * is checked, never a type or format.
 */
final class RequiredParameters {
    private final List<ValidationConfig.RequiredParameter> required;

    RequiredParameters(List<ValidationConfig.RequiredParameter> required) {
        this.required = List.copyOf(required);
    }

    /** The names of the missing ones, in the order AWS names them; empty when none is missing. */
    List<String> missing(Exchange exchange) {
        List<String> out = null;
        for (ValidationConfig.RequiredParameter p : required) {
            String value =
                    switch (p.location()) {
                        case PATH -> exchange.pathParameters().get(p.name());
                        case QUERYSTRING -> exchange.query().last(p.name());
                        default -> exchange.request().headers().get(p.name());
                    };
            if (value == null || value.isBlank()) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(p.name());
            }
        }
        return out == null ? List.of() : out;
    }
}
