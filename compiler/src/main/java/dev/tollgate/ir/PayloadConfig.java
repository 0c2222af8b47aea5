package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How one API treats payloads: which media types are binary and when responses are compressed.
 *
 * @param binaryMediaTypes media types (wildcards such as {@code image/*} or {@code *}{@code /*}
 *     allowed) whose payloads are binary, in the order written; a request is binary when its
 *     {@code Content-Type} matches one, a response when its content type does, and a client
 *     accepts binary when its first {@code Accept} type does
 * @param minimumCompressionSize responses of at least this many bytes are compressed with gzip or
 *     deflate when the client accepts one, and compressed request bodies are decoded for mapping
 *     templates; null turns compression off (AWS's 0..10485760)
 */
public record PayloadConfig(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> binaryMediaTypes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer minimumCompressionSize) {

    /** AWS's largest {@code minimumCompressionSize}: 10 MB. */
    public static final int MAX_MINIMUM_COMPRESSION_SIZE = 10_485_760;

    public PayloadConfig {
        binaryMediaTypes = Ir.list(binaryMediaTypes);
        for (String type : binaryMediaTypes) {
            if (type == null || type.indexOf('/') <= 0 || type.indexOf('/') == type.length() - 1) {
                throw new IllegalArgumentException("bad binary media type " + type);
            }
        }
        if (minimumCompressionSize != null
                && (minimumCompressionSize < 0 || minimumCompressionSize > MAX_MINIMUM_COMPRESSION_SIZE)) {
            throw new IllegalArgumentException("minimumCompressionSize out of 0..10485760: " + minimumCompressionSize);
        }
    }
}
