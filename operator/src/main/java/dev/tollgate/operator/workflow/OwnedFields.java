package dev.tollgate.operator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Whether a child object in the cluster still holds what the operator wrote: every field of the
 * desired object has its value in the actual one. Fields the API server or other controllers add
 * (defaults such as a container's {@code terminationMessagePath}, a Service's {@code clusterIP},
 * other labels and annotations) are left alone, so an unchanged child is never rewritten; a changed
 * or removed value, a list of another length (a port, a rule or an argument added or taken away)
 * and any key added to a map the operator owns whole (a ConfigMap's or Secret's data, a selector)
 * are differences, so a hand-edited child is written back. Pure, on JSON trees; no server-side
 * apply, which the mock API server does not do.
 */
public final class OwnedFields {
    /** Maps the operator owns whole: another key there changes what the object does. */
    private static final Set<String> WHOLE_MAPS = Set.of("/data", "/binaryData", "/spec/selector");

    private static final Set<String> NOT_COMPARED = Set.of("apiVersion", "kind", "status");

    private OwnedFields() {}

    /** Whether {@code actual} holds every field the operator owns in {@code desired}. */
    public static boolean match(JsonNode desired, JsonNode actual) {
        Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (NOT_COMPARED.contains(name)) {
                continue;
            }
            JsonNode actualValue = actual.get(name);
            boolean same = name.equals("metadata")
                    ? metadataMatches(field.getValue(), actualValue)
                    : contains(field.getValue(), actualValue, "/" + name);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Labels and annotations: ours are there (others may add theirs); our owner references are there. */
    private static boolean metadataMatches(JsonNode desired, JsonNode actual) {
        if (actual == null) {
            return false;
        }
        for (String map : new String[] {"labels", "annotations"}) {
            if (!contains(desired.path(map), actual.get(map), "/metadata/" + map)) {
                return false;
            }
        }
        JsonNode owners = actual.path("ownerReferences");
        for (JsonNode owner : desired.path("ownerReferences")) {
            boolean present = false;
            for (JsonNode candidate : owners) {
                present |= contains(owner, candidate, "/metadata/ownerReferences");
            }
            if (!present) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode desired, JsonNode actual, String path) {
        if (desired == null || desired.isNull() || desired.isMissingNode()) {
            return true;
        }
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            // The API server drops empty maps and lists.
            return desired.isContainerNode() && desired.isEmpty();
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            if (WHOLE_MAPS.contains(path) && actual.size() != desired.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!contains(field.getValue(), actual.get(field.getKey()), path + "/" + field.getKey())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray() || actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(desired.get(i), actual.get(i), path + "/" + i)) {
                    return false;
                }
            }
            return true;
        }
        if (desired.equals(actual)) {
            return true;
        }
        // The API server writes quantities in canonical form (cpu "1000m" comes back as "1").
        return isQuantity(path) && sameQuantity(desired.asText(), actual.asText());
    }

    private static boolean isQuantity(String path) {
        return path.contains("/resources/limits/") || path.contains("/resources/requests/");
    }

    private static boolean sameQuantity(String desired, String actual) {
        try {
            BigDecimal a = new Quantity(desired).getNumericalAmount();
            BigDecimal b = new Quantity(actual).getNumericalAmount();
            return a.compareTo(b) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }
}
