package dev.tollgate.dataplane.steps.policy;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.net.Cidr;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.IamGlob;
import dev.tollgate.dataplane.runtime.MethodArn;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.PolicyStatementConfig;
import dev.tollgate.ir.ResourcePolicyConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An API's resource policy on one route: explicit deny wins, then an allow is needed, as AWS
 * evaluates a policy for callers without IAM credentials. The caller's address is the TCP peer
 * (never {@code X-Forwarded-For}, which any client can write).
 */
final class ResourcePolicyStep implements Step {
    private record Statement(boolean allow, List<Pattern> resources, List<Cidr> cidrs) {}

    private final List<Statement> statements;
    private final String arnPrefix;
    private final String stage;

    ResourcePolicyStep(ResourcePolicyConfig policy, String namespace, String api, String stage) {
        List<Statement> out = new ArrayList<>();
        for (PolicyStatementConfig s : policy.statements()) {
            List<Pattern> resources = new ArrayList<>();
            s.resources().forEach(r -> resources.add(IamGlob.compile(r)));
            List<Cidr> cidrs = new ArrayList<>();
            for (String c : s.sourceCidrs()) {
                Cidr cidr = Cidr.parse(c);
                // An unparsable range (the compiler refuses them) matches nothing rather than everything.
                cidrs.add(cidr == null ? new Cidr(new byte[0], 0) : cidr);
            }
            out.add(new Statement(s.allow(), List.copyOf(resources), List.copyOf(cidrs)));
        }
        this.statements = List.copyOf(out);
        this.arnPrefix = MethodArn.prefix(namespace, api);
        this.stage = stage;
    }

    @Override
    public void apply(Exchange exchange) {
        String resource = stage + "/" + exchange.request().method().name() + "/" + MethodArn.path(exchange);
        byte[] address = Cidr.address(exchange.clientIp());
        boolean allowed = false;
        for (Statement s : statements) {
            if (!matches(s, resource, address)) {
                continue;
            }
            if (!s.allow()) {
                exchange.fail(denied(resource, true));
                return;
            }
            allowed = true;
        }
        if (!allowed) {
            exchange.fail(denied(resource, false));
            return;
        }
        exchange.proceed();
    }

    private static boolean matches(Statement s, String resource, byte[] address) {
        if (!s.cidrs().isEmpty() && s.cidrs().stream().noneMatch(c -> c.contains(address))) {
            return false;
        }
        return s.resources().stream().anyMatch(p -> p.matcher(resource).matches());
    }

    private GatewayError denied(String resource, boolean explicit) {
        return new GatewayError(
                HttpResponseStatus.FORBIDDEN,
                "User: anonymous is not authorized to perform: execute-api:Invoke on resource: " + arnPrefix + resource
                        + (explicit ? " with an explicit deny" : ""),
                "AccessDeniedException",
                "ACCESS_DENIED");
    }
}
