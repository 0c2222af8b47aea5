package dev.tollgate.compiler.load;

import java.util.Objects;

/**
 * The text of one YAML source, possibly holding several documents.
 *
 * @param name what findings call it, usually the file path
 * @param text the YAML
 */
public record SourceDocument(String name, String text) {
    public SourceDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
