package dev.tollgate.dataplane.template;

import java.io.Writer;

/** The render's output, capped at {@link RenderLimits#maxOutputChars()}; each write charges the budget. */
final class BoundedWriter extends Writer {
    private final StringBuilder out = new StringBuilder(256);
    private final RenderBudget budget;

    BoundedWriter(RenderBudget budget) {
        this.budget = budget;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        check(length);
        out.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        check(length);
        out.append(text, offset, offset + length);
    }

    @Override
    public void write(int c) {
        check(1);
        out.append((char) c);
    }

    private void check(int length) {
        if (out.length() + (long) length > budget.limits().maxOutputChars()) {
            throw RenderBudget.exceeded("output larger than " + budget.limits().maxOutputChars() + " characters");
        }
        budget.checkClock();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
        return out.toString();
    }
}
