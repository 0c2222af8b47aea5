package dev.tollgate.ir;

/**
 * AWS's {@code contentHandling}: how a payload is converted between text and binary on its way
 * through a non-proxy integration; absent passes it through as it is (see {@link PayloadConfig}
 * for what counts as binary).
 */
public enum ContentHandling {
    /** A binary payload becomes its base64 text; a text payload stays as it is. */
    CONVERT_TO_TEXT,
    /** A text payload is base64-decoded into binary; a binary payload stays as it is. */
    CONVERT_TO_BINARY
}
