package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.template.InputVariable;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The backend's answer as response mappings read it ({@code integration.response.*}).
 *
 * @param headers its headers (empty for a MOCK)
 * @param body its body as text, parsed as JSON on demand
 */
public record BackendResponse(HttpHeaders headers, InputVariable body) {}
