package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.functions.FunctionGate;
import dev.tollgate.dataplane.functions.FunctionGates;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.sigv4.AwsRequestSigner;
import dev.tollgate.dataplane.tls.BackendTlsClients;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;

/**
 * Builds a route's integration step: MOCK, HTTP / HTTP_PROXY, or LAMBDA / LAMBDA_PROXY through the
 * upstream client. Holds the Lambda functions' concurrency gates, so a reload keeps them.
 */
public final class IntegrationStepFactory implements StepFactory {
    private final UpstreamSender client;
    private final BackendTlsClients tlsClients;
    private final AwsRequestSigner signer;
    private final FunctionGates gates;

    public IntegrationStepFactory(UpstreamSender client) {
        this(client, null, new AwsRequestSigner());
    }

    /** With gates of its own (nothing else invokes its functions). */
    public IntegrationStepFactory(UpstreamSender client, BackendTlsClients tlsClients, AwsRequestSigner signer) {
        this(client, tlsClients, signer, new FunctionGates());
    }

    /**
     * With clients for Integrations that trust their own CA bundle, the signer of AWS integrations'
     * calls, and the Lambda functions' gates (shared with the Lambda authorizers).
     */
    public IntegrationStepFactory(
            UpstreamSender client, BackendTlsClients tlsClients, AwsRequestSigner signer, FunctionGates gates) {
        this.client = client;
        this.tlsClients = tlsClients;
        this.signer = signer;
        this.gates = gates;
    }

    @Override
    public Step create(StepContext context) {
        IntegrationConfig integration = context.route().integration();
        String name = context.config().namespace() + "/" + context.routeId();
        if (integration instanceof MockIntegrationConfig mock) {
            return new MockIntegrationStep(mock, context.services().templates(), name);
        }
        if (integration instanceof LambdaIntegrationConfig lambda) {
            HostPort where = backend(lambda.upstream(), context.services().resolver());
            FunctionGate gate = gates.gate(
                    lambda.upstream() instanceof ServiceUpstreamConfig service ? service : null,
                    new UpstreamAddress(lambda.upstream().scheme(), where.host(), where.port()),
                    lambda.invokePath(),
                    lambda.maxConcurrency());
            return new LambdaIntegrationStep(
                    lambda,
                    where,
                    client,
                    gate,
                    IntegrationResponses.of(
                            lambda.responses(), context.services().templates(), name),
                    name);
        }
        HttpIntegrationConfig http = (HttpIntegrationConfig) integration;
        UpstreamSender use = client;
        BackendTlsConfig tls = context.config().backendTls(http.integrationName());
        if (tls != null && tlsClients != null) {
            use = tlsClients.client(context.config().namespace(), tls);
            if (use == null) {
                // Never fall back to the default trust store: the bundle is what was asked for.
                return exchange -> exchange.fail(GatewayError.INTEGRATION_FAILURE);
            }
        }
        return new HttpIntegrationStep(
                http,
                backend(http.upstream(), context.services().resolver()),
                use,
                context.services().templates(),
                name,
                http.aws() == null
                        ? null
                        : new AwsCall(http.aws(), signer, context.config().namespace(), name));
    }

    private static HostPort backend(UpstreamConfig upstream, ServiceResolver resolver) {
        if (upstream instanceof UrlUpstreamConfig url) {
            return new HostPort(url.host(), url.port());
        }
        return resolver.resolve((ServiceUpstreamConfig) upstream);
    }
}
