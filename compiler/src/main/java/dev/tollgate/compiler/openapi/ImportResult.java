package dev.tollgate.compiler.openapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * What an import produced.
 *
 * @param resources the RestApi, its Integrations and the Stage, in that order; empty when there
 *     are errors
 * @param messages every error and warning, in document order
 */
public record ImportResult(List<HasMetadata> resources, List<ImportMessage> messages) {
    public ImportResult {
        resources = List.copyOf(resources);
        messages = List.copyOf(messages);
    }

    /** Whether the import failed (nothing should be written). */
    public boolean hasErrors() {
        return messages.stream().anyMatch(ImportMessage::isError);
    }
}
