package dev.tollgate.dataplane.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string methods whose cost a template controls, run within the render's budget: results are
 * capped at the output bound before they are built, and regular expressions read their input
 * through a view that checks the clock, so a catastrophic backtracking pattern stops at the time
 * bound instead of holding its thread.
 */
final class BoundedStrings {
    private BoundedStrings() {}

    static Object call(String s, String name, Object[] params, RenderBudget budget) {
        Object[] p = params == null ? new Object[0] : params;
        return switch (name + "/" + p.length) {
            case "replace/2" -> replace(s, text(p[0]), text(p[1]), budget);
            case "replaceAll/2" -> regex(s, text(p[0]), text(p[1]), true, budget);
            case "replaceFirst/2" -> regex(s, text(p[0]), text(p[1]), false, budget);
            case "matches/1" ->
                Pattern.compile(text(p[0])).matcher(input(s, budget)).matches();
            case "split/1" -> split(s, text(p[0]), 0, budget);
            case "split/2" -> split(s, text(p[0]), ((Number) p[1]).intValue(), budget);
            case "concat/1" -> {
                String other = text(p[0]);
                cap((long) s.length() + other.length(), budget);
                yield s.concat(other);
            }
            default -> throw new IllegalArgumentException("no String." + name + " with " + p.length + " arguments");
        };
    }

    private static String text(Object o) {
        if (o == null) {
            throw new IllegalArgumentException("null argument");
        }
        return o.toString();
    }

    private static String replace(String s, String target, String replacement, RenderBudget budget) {
        if (!target.isEmpty() && replacement.length() > target.length()) {
            long count = 0;
            for (int i = s.indexOf(target); i >= 0; i = s.indexOf(target, i + target.length())) {
                count++;
            }
            cap(s.length() + count * (replacement.length() - target.length()), budget);
        } else if (target.isEmpty()) {
            cap(s.length() + (s.length() + 1L) * replacement.length(), budget);
        }
        return s.replace(target, replacement);
    }

    private static String regex(String s, String regex, String replacement, boolean all, RenderBudget budget) {
        Matcher m = Pattern.compile(regex).matcher(input(s, budget));
        StringBuilder out = new StringBuilder(s.length());
        long max = budget == null ? Long.MAX_VALUE : budget.limits().maxOutputChars();
        boolean found = false;
        while (m.find()) {
            found = true;
            m.appendReplacement(out, replacement);
            if (out.length() > max) {
                throw RenderBudget.exceeded("a replacement result larger than " + max + " characters");
            }
            if (!all) {
                break;
            }
        }
        if (!found) {
            return s;
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> split(String s, String regex, int limit, RenderBudget budget) {
        String[] parts = Pattern.compile(regex).split(input(s, budget), limit);
        if (budget != null) {
            budget.produce(parts.length);
        }
        return new ArrayList<>(Arrays.asList(parts));
    }

    private static void cap(long length, RenderBudget budget) {
        long max = budget == null ? Integer.MAX_VALUE - 8 : budget.limits().maxOutputChars();
        if (length > max) {
            throw RenderBudget.exceeded("a string result larger than " + max + " characters");
        }
    }

    private static CharSequence input(String s, RenderBudget budget) {
        return budget == null ? s : new ClockedChars(s, budget);
    }

    /** A string whose every read checks the render's clock. */
    private record ClockedChars(String s, RenderBudget budget) implements CharSequence {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            budget.checkClock();
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new ClockedChars(s.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
