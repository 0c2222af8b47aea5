package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.tls.BackendTlsClients;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;

/** Builds a route's integration step: MOCK, or HTTP / HTTP_PROXY through the upstream client. */
public final class IntegrationStepFactory implements StepFactory {
    private final UpstreamSender client;
    private final BackendTlsClients tlsClients;

    public IntegrationStepFactory(UpstreamSender client) {
        this(client, null);
    }

    /** With clients for Integrations that trust their own CA bundle. */
    public IntegrationStepFactory(UpstreamSender client, BackendTlsClients tlsClients) {
        this.client = client;
        this.tlsClients = tlsClients;
    }

    @Override
    public Step create(StepContext context) {
        IntegrationConfig integration = context.route().integration();
        String name = context.config().namespace() + "/" + context.routeId();
        if (integration instanceof MockIntegrationConfig mock) {
            return new MockIntegrationStep(mock, context.services().templates(), name);
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
                backend(http, context.services().resolver()),
                use,
                context.services().templates(),
                name);
    }

    private static HostPort backend(HttpIntegrationConfig http, ServiceResolver resolver) {
        if (http.upstream() instanceof UrlUpstreamConfig url) {
            return new HostPort(url.host(), url.port());
        }
        return resolver.resolve((ServiceUpstreamConfig) http.upstream());
    }
}
