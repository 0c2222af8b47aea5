package dev.tollgate.compiler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Null-safe, order-free views of what custom resources hold. Every compile stage reads its input
 * through these, so the order of lists in a snapshot (or a missing list) never shows in the output.
 */
final class Inputs {
    private Inputs() {}

    /** Resources sorted by name, so input order never shows in the output. */
    static <T extends HasMetadata> List<T> byName(List<T> in) {
        List<T> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        return out;
    }

    /** A sorted copy of a map, or an empty one. */
    static <V> SortedMap<String, V> sorted(Map<String, V> in) {
        return in == null ? new TreeMap<>() : new TreeMap<>(in);
    }

    /** The list, or an empty one; null items (a bare {@code -} in YAML) are dropped. */
    static <T> List<T> orEmpty(List<T> in) {
        return in == null ? List.of() : in.stream().filter(Objects::nonNull).toList();
    }

    /** Whether a list is present and holds something. */
    static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
