package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Children of a Gateway the workflow could not write (a ConfigMap over the API server's size limit,
 * a conflict with an object someone else made, a refused request): the message names each child and
 * says what the API server answered, for the Gateway's status. Thrown by the reconciler so the
 * SDK's error handling reports it and retries.
 */
public final class WriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private WriteFailure(String message) {
        super(message);
    }

    /** The failure of this workflow run, if a child could not be written. */
    @SuppressWarnings("rawtypes")
    public static Optional<WriteFailure> of(WorkflowReconcileResult result, Gateway gateway) {
        if (!result.erroredDependentsExist()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<DependentResource, Exception> e :
                result.getErroredDependents().entrySet()) {
            String child = e.getKey() instanceof DataPlaneDependentResource<?> d
                    ? d.describe(gateway)
                    : e.getKey().name();
            parts.add("cannot write " + child + ": " + answer(e.getValue()));
        }
        parts.sort(null);
        return Optional.of(new WriteFailure(String.join("; ", parts)));
    }

    /** What the API server said (its Status message and code), else the exception itself. */
    static String answer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                String message = k.getStatus() != null && k.getStatus().getMessage() != null
                        ? k.getStatus().getMessage()
                        : k.getMessage();
                return message + " (HTTP " + k.getCode() + ")";
            }
        }
        return String.valueOf(failure);
    }
}
