package dev.tollgate.compiler;

import java.util.ArrayList;
import java.util.List;

/** Collects findings in the order the compiler meets them; counts errors so callers can drop a part. */
final class Findings {
    private final List<Finding> all = new ArrayList<>();
    private int errors;

    void error(ResourceRef ref, String field, Reason reason, String message) {
        all.add(new Finding(Severity.ERROR, ref, field, reason, message));
        errors++;
    }

    void warning(ResourceRef ref, String field, Reason reason, String message) {
        all.add(new Finding(Severity.WARNING, ref, field, reason, message));
    }

    /** A finding made elsewhere, e.g. one about a deployment's snapshot, re-addressed to the deployment. */
    void add(Finding finding) {
        all.add(finding);
        if (finding.isError()) {
            errors++;
        }
    }

    void notSupportedYet(ResourceRef ref, String field, String what) {
        warning(ref, field, Reason.NOT_SUPPORTED_YET, what + ": not served yet; compiled without it");
    }

    /** An error mark: compare with {@link #errorsSince} to tell whether a part raised errors. */
    int mark() {
        return errors;
    }

    boolean errorsSince(int mark) {
        return errors > mark;
    }

    List<Finding> list() {
        return List.copyOf(all);
    }
}
