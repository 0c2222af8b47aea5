package dev.tollgate.compiler.load;

import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the loader read.
 *
 * @param snapshots one snapshot per namespace that any document named, by namespace
 * @param findings documents that could not be read, duplicates and skipped kinds
 */
public record LoadResult(SortedMap<String, NamespaceSnapshot> snapshots, List<Finding> findings) {
    public LoadResult {
        snapshots = Collections.unmodifiableSortedMap(new TreeMap<>(snapshots));
        findings = List.copyOf(findings);
    }

    /** Whether any finding is an ERROR. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }
}
