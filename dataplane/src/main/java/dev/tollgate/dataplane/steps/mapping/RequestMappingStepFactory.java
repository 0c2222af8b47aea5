package dev.tollgate.dataplane.steps.mapping;

import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.dataplane.template.MappingTemplate;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A request mapping step for routes that map the request body: a non-proxy HTTP integration with
 * request templates or a contentHandling, a MOCK whose template computes its status, or any HTTP
 * integration mapping {@code method.request.body}. Other routes get no step (and their bodies may stream).
 */
public final class RequestMappingStepFactory implements StepFactory {
    @Override
    public Step create(StepContext context) {
        IntegrationConfig integration = context.route().integration();
        SortedMap<String, String> texts;
        PassthroughBehavior passthrough;
        boolean bodyParameters = false;
        if (integration instanceof HttpIntegrationConfig http) {
            texts = http.proxy() ? new TreeMap<>() : http.requestTemplates();
            passthrough = http.passthroughBehavior();
            for (ParameterMapping m : http.requestParameters()) {
                bodyParameters |= m.source() instanceof ParameterSource.RequestBody;
            }
        } else {
            texts = ((MockIntegrationConfig) integration).requestTemplates();
            passthrough = PassthroughBehavior.WHEN_NO_MATCH;
        }
        ContentHandling contentHandling =
                integration instanceof HttpIntegrationConfig http ? http.contentHandling() : null;
        if (texts.isEmpty() && !bodyParameters && contentHandling == null) {
            return null;
        }
        TemplateEngine engine = context.services().templates();
        Map<String, MappingTemplate> templates = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        texts.forEach((type, text) -> templates.put(
                type,
                engine.compile(context.config().namespace() + "/" + context.routeId() + " request " + type, text)));
        return new RequestMappingStep(templates, passthrough, contentHandling, bodyParameters);
    }
}
