package dev.tollgate.dataplane.template;

/**
 * What one render has spent of its {@link RenderLimits}. Held in a thread local for the length of
 * the render, so the engine's hooks (loop directive, method calls, writer, regex input) can charge
 * it; a render never leaves its thread.
 */
final class RenderBudget {
    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

    private final RenderLimits limits;
    private final long deadlineNanos;
    private long steps;
    private long produced;
    private int nesting;
    private int sinceClockCheck;

    private RenderBudget(RenderLimits limits) {
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.maxMillis() * 1_000_000;
    }

    /** Starts a budget on this thread; {@link #end} must follow. */
    static RenderBudget begin(RenderLimits limits) {
        RenderBudget budget = new RenderBudget(limits);
        CURRENT.set(budget);
        return budget;
    }

    static void end() {
        CURRENT.remove();
    }

    /** The budget of the render on this thread, or null outside a render. */
    static RenderBudget current() {
        return CURRENT.get();
    }

    RenderLimits limits() {
        return limits;
    }

    /** Charges one loop iteration or method call. */
    void step() {
        if (++steps > limits.maxSteps()) {
            throw exceeded("more than " + limits.maxSteps() + " loop iterations and method calls");
        }
        checkClock();
    }

    /** Charges text produced (inserted, interpolated or returned). */
    void produce(long chars) {
        produced += chars;
        if (produced > limits.maxProducedChars()) {
            throw exceeded("more than " + limits.maxProducedChars() + " characters produced");
        }
        checkClock();
    }

    /** Enters an {@code #evaluate}; {@link #leave} must follow. */
    void enter() {
        if (++nesting > limits.maxNesting()) {
            throw exceeded("#evaluate nested deeper than " + limits.maxNesting());
        }
    }

    void leave() {
        nesting--;
    }

    /** Checks the wall clock (cheaply: every 64th call reads it). */
    void checkClock() {
        if ((++sinceClockCheck & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw exceeded("rendering took longer than " + limits.maxMillis() + " ms");
        }
    }

    static TemplateException exceeded(String what) {
        return new TemplateException("mapping template exceeded a render bound: " + what, null, true);
    }
}
