package dev.tollgate.dataplane.runtime;

/**
 * A step that reads the whole request body (a mapping template, validation, a body parameter
 * mapping, a cache key over the body, a Lambda event). A route whose chain holds one has its body
 * aggregated before the chain runs; every other route streams its body through to the backend.
 * Implemented by step classes (a lambda cannot say it reads the body), so the need is declared up
 * front, where the chain is built, never discovered per request.
 */
public interface BodyReadingStep extends Step {}
