package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.dataplane.functions.FunctionGate;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.time.Clock;
import java.util.Map;

/** The AUTHORIZER slot: a step for routes that name an authorizer, nothing for open routes. */
public final class AuthorizerStepFactory implements StepFactory {
    private final JwksCache jwks;
    private final UpstreamSender client;
    private final FunctionGates gates;
    private final AuthorizerCache cache = new AuthorizerCache();
    private final Map<String, Object> kubernetesDecisions = KubernetesAuthorizerStep.newCache();
    private volatile KubernetesReviews kubernetes;
    private final SignedCallers signed;

    /** Where AWS_IAM routes review tokens; without it they answer 500 (fail closed). */
    public void kubernetes(KubernetesReviews reviews) {
        this.kubernetes = reviews;
    }

    /** Where Kubernetes identities are reviewed, or null outside a cluster. */
    public KubernetesReviews kubernetes() {
        return kubernetes;
    }

    public AuthorizerStepFactory(UpstreamSender client) {
        this(client, Clock.systemUTC());
    }

    /** Authorizers whose key sets age by {@code clock}. */
    public AuthorizerStepFactory(UpstreamSender client, Clock clock) {
        this(client, clock, new FunctionGates());
    }

    /**
     * Authorizers whose key sets age by {@code clock}, and whose Lambda functions share {@code
     * gates} with the functions' integrations.
     */
    public AuthorizerStepFactory(UpstreamSender client, Clock clock, FunctionGates gates) {
        this.jwks = new JwksCache(client, clock);
        this.client = client;
        this.signed = new SignedCallers(clock);
        this.gates = gates;
    }

    /** The TOKEN/REQUEST authorizer answer cache shared by every runtime. */
    public AuthorizerCache cache() {
        return cache;
    }

    /** SigV4 callers of AWS_IAM routes: their access keys, replay cache and local-mode trust. */
    public SignedCallers signed() {
        return signed;
    }

    /** The key-set cache shared by every runtime. */
    public JwksCache jwks() {
        return jwks;
    }

    @Override
    public Step create(StepContext context) {
        RouteAuthorizationConfig auth = context.route().authorization();
        if (auth == null) {
            return null;
        }
        String resource =
                context.config().namespace() + "/RestApi/" + context.api().name();
        if (auth.authorizer() instanceof JwtAuthorizerConfig jwt) {
            return new JwtAuthorizerStep(jwt, auth.scopes(), jwks, resource);
        }
        if (auth.authorizer() instanceof KubernetesAuthorizerConfig k8s) {
            return new KubernetesAuthorizerStep(
                    k8s,
                    () -> kubernetes,
                    kubernetesDecisions,
                    context.config().namespace(),
                    context.api().name(),
                    signed);
        }
        if (auth.authorizer() instanceof RequestAuthorizerConfig request) {
            HostPort backend;
            String scheme;
            ServiceUpstreamConfig service = null;
            if (request.upstream() instanceof ServiceUpstreamConfig s) {
                service = s;
                backend = context.services().resolver().resolve(service);
                scheme = service.scheme();
            } else {
                UrlUpstreamConfig url = (UrlUpstreamConfig) request.upstream();
                backend = new HostPort(url.host(), url.port());
                scheme = url.scheme();
            }
            // A Lambda authorizer's function runs within the bound its integrations share.
            FunctionGate gate = request.lambda()
                    ? gates.gate(
                            service,
                            new UpstreamAddress(scheme, backend.host(), backend.port()),
                            request.path(),
                            request.maxConcurrency())
                    : null;
            return new RequestAuthorizerStep(
                    request,
                    backend,
                    scheme,
                    client,
                    gate,
                    cache,
                    context.config().namespace(),
                    context.api().name());
        }
        // An authorizer kind this data plane cannot run: refuse every call rather than let it through.
        return exchange -> exchange.fail(AuthErrors.CONFIGURATION_ERROR);
    }
}
