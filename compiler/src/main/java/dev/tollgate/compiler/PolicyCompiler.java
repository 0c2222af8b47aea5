package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.PolicyConditions;
import dev.tollgate.crds.v1alpha1.PolicyEffect;
import dev.tollgate.crds.v1alpha1.PolicyStatement;
import dev.tollgate.crds.v1alpha1.ResourcePolicy;
import dev.tollgate.ir.PolicyStatementConfig;
import dev.tollgate.ir.ResourcePolicyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a RestApi's resource policy and turns it into its IR. Anything the data plane cannot
 * evaluate exactly (principals other than {@code *}, caller namespaces) is an error that leaves the
 * whole API out: serving it with part of its policy ignored could let in callers it denies.
 */
final class PolicyCompiler {
    private static final Set<String> INVOKE = Set.of("execute-api:Invoke", "execute-api:*", "*");
    private static final Pattern ARN =
            Pattern.compile("arn:aws:execute-api:[^:]*:[^:]*:[^/]+/(.+)|execute-api:/(.+)|(\\*)");
    private static final Pattern SHORT = Pattern.compile("(\\*|" + Grammar.HTTP_METHOD + ")/(.*)");
    private static final Pattern CIDR_V4 =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/(\\d{1,2}))?");
    private static final Pattern CIDR_V6 = Pattern.compile("([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/(\\d{1,3}))?");

    private final Findings findings;

    PolicyCompiler(Findings findings) {
        this.findings = findings;
    }

    /** The policy's IR; null when absent. Errors are reported (the caller leaves the API out). */
    ResourcePolicyConfig compile(ResourceRef ref, ResourcePolicy policy) {
        if (policy == null) {
            return null;
        }
        List<PolicyStatement> statements = Inputs.orEmpty(policy.getStatements());
        if (statements.isEmpty()) {
            findings.error(
                    ref, "spec.policy.statements", Reason.INVALID_VALUE, "a policy needs at least one statement");
            return null;
        }
        List<PolicyStatementConfig> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            PolicyStatement s = statements.get(i);
            String f = "spec.policy.statements[" + i + "]";
            if (s == null || s.getEffect() == null) {
                findings.error(ref, f + ".effect", Reason.INVALID_VALUE, "effect Allow or Deny is required");
                continue;
            }
            if (s.getPrincipal() != null && !s.getPrincipal().equals("*")) {
                findings.error(
                        ref,
                        f + ".principal",
                        Reason.NOT_SUPPORTED_YET,
                        "only principal * is evaluated; the API is not served");
            }
            List<String> actions = Inputs.orEmpty(s.getActions());
            boolean invoke = actions.isEmpty() || actions.stream().anyMatch(INVOKE::contains);
            for (int a = 0; a < actions.size(); a++) {
                if (!INVOKE.contains(actions.get(a))
                        && !String.valueOf(actions.get(a)).startsWith("execute-api:")) {
                    findings.error(ref, f + ".actions[" + a + "]", Reason.INVALID_VALUE, "not an execute-api action");
                }
            }
            List<String> resources = new ArrayList<>();
            List<String> in = Inputs.orEmpty(s.getResources());
            if (in.isEmpty()) {
                resources.add("*");
            }
            for (int r = 0; r < in.size(); r++) {
                String pattern = resource(in.get(r));
                if (pattern == null) {
                    findings.error(
                            ref,
                            f + ".resources[" + r + "]",
                            Reason.INVALID_VALUE,
                            "a resource is *, a method ARN, execute-api:/STAGE/METHOD/PATH or METHOD/PATH");
                } else {
                    resources.add(pattern);
                }
            }
            List<String> cidrs = new ArrayList<>();
            PolicyConditions c = s.getConditions();
            if (c != null) {
                List<String> ips = Inputs.orEmpty(c.getSourceIps());
                for (int k = 0; k < ips.size(); k++) {
                    String cidr = cidr(ips.get(k));
                    if (cidr == null) {
                        findings.error(
                                ref, f + ".conditions.sourceIps[" + k + "]", Reason.INVALID_VALUE, "not a CIDR range");
                    } else {
                        cidrs.add(cidr);
                    }
                }
                if (c.getSourceNamespaces() != null && !c.getSourceNamespaces().isEmpty()) {
                    findings.error(
                            ref,
                            f + ".conditions.sourceNamespaces",
                            Reason.NOT_SUPPORTED_YET,
                            "caller namespaces are not known to the data plane yet; the API is not served");
                }
            }
            if (!invoke) {
                // A statement about other actions never decides an invocation.
                findings.warning(ref, f + ".actions", Reason.NO_EFFECT, "no execute-api:Invoke action");
                continue;
            }
            out.add(new PolicyStatementConfig(s.getEffect() == PolicyEffect.Allow, resources, cidrs));
        }
        return new ResourcePolicyConfig(out);
    }

    /** The pattern over STAGE/METHOD/PATH, or null. */
    static String resource(String in) {
        if (in == null || in.isBlank() || in.contains("?")) {
            return null;
        }
        String s = in.trim();
        Matcher arn = ARN.matcher(s);
        if (arn.matches()) {
            String rest = arn.group(1) != null ? arn.group(1) : arn.group(2) != null ? arn.group(2) : "*";
            return rest.startsWith("/") ? rest.substring(1) : rest;
        }
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            // METHOD/PATH: any stage.
            return "*/" + m.group(1) + "/" + m.group(2);
        }
        return null;
    }

    /** The canonical CIDR (a bare address gets its full prefix), or null. */
    static String cidr(String in) {
        if (in == null) {
            return null;
        }
        String s = in.trim();
        Matcher v4 = CIDR_V4.matcher(s);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return null;
                }
            }
            int prefix = v4.group(6) == null ? 32 : Integer.parseInt(v4.group(6));
            return prefix > 32
                    ? null
                    : v4.group(1) + "." + v4.group(2) + "." + v4.group(3) + "." + v4.group(4) + "/" + prefix;
        }
        Matcher v6 = CIDR_V6.matcher(s);
        if (v6.matches()) {
            int prefix = v6.group(3) == null ? 128 : Integer.parseInt(v6.group(3));
            if (prefix > 128
                    || !v6.group(1).matches("[0-9A-Fa-f:]+")
                    || v6.group(1).split("::", -1).length > 2) {
                return null;
            }
            return v6.group(1).toLowerCase(Locale.ROOT) + "/" + prefix;
        }
        return null;
    }
}
