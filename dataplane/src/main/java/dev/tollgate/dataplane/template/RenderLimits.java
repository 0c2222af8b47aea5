package dev.tollgate.dataplane.template;

/**
 * The bounds one render runs within, so no template can hang or exhaust the gateway.
 *
 * @param maxOutputChars the largest rendered body (AWS's payload limit is 10 MB)
 * @param maxProducedChars the most text a render may produce in all (output, interpolated strings
 *     and string results of method calls): bounds memory when a template doubles a string
 * @param maxSteps the most loop iterations and method calls a render may make
 * @param maxNesting the deepest {@code #evaluate} nesting
 * @param maxMillis the wall-clock bound, checked at every step, write and regex character
 */
public record RenderLimits(long maxOutputChars, long maxProducedChars, long maxSteps, int maxNesting, long maxMillis) {

    /** The gateway's bounds. */
    public static final RenderLimits DEFAULT = new RenderLimits(10_485_760, 33_554_432, 1_000_000, 8, 1_000);
}
