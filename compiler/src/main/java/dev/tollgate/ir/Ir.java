package dev.tollgate.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Helpers for the IR's compact constructors: defensive, order-preserving, immutable copies. */
final class Ir {
    private Ir() {}

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }

    /** A copy; an empty one is the shared empty map (a config of 10,000 routes holds thousands). */
    static SortedMap<String, String> sortedMap(Map<String, String> in) {
        return in == null || in.isEmpty()
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(in));
    }

    static String require(String value, String what) {
        Objects.requireNonNull(value, what);
        return value;
    }
}
