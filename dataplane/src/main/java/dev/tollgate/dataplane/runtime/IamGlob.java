package dev.tollgate.dataplane.runtime;

import java.util.regex.Pattern;

/**
 * IAM's wildcard matching of resource ARNs, shared by resource policies and authorizer policy
 * documents: {@code *} is any run of characters, {@code ?} exactly one, everything else literal
 * (so a {@code .} in an ARN never matches another character).
 */
public final class IamGlob {
    private IamGlob() {}

    /** The pattern that matches what {@code glob} matches, and nothing else. */
    public static Pattern compile(String glob) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                b.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            b.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(b.toString(), Pattern.DOTALL);
    }
}
