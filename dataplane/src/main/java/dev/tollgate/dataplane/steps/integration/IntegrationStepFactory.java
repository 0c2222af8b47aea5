package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.runtime.ServiceResolver;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.upstream.UpstreamClient;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;

/** Builds a route's integration step: MOCK, or HTTP / HTTP_PROXY through the upstream client. */
public final class IntegrationStepFactory implements StepFactory {
    private final UpstreamClient client;

    public IntegrationStepFactory(UpstreamClient client) {
        this.client = client;
    }

    @Override
    public Step create(StepContext context) {
        IntegrationConfig integration = context.route().integration();
        if (integration instanceof MockIntegrationConfig mock) {
            return new MockIntegrationStep(mock);
        }
        HttpIntegrationConfig http = (HttpIntegrationConfig) integration;
        return new HttpIntegrationStep(http, backend(http, context.services().resolver()), client);
    }

    private static HostPort backend(HttpIntegrationConfig http, ServiceResolver resolver) {
        if (http.upstream() instanceof UrlUpstreamConfig url) {
            return new HostPort(url.host(), url.port());
        }
        return resolver.resolve((ServiceUpstreamConfig) http.upstream());
    }
}
