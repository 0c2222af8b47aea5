package dev.tollgate.dataplane.steps.validation;

import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.ValidationConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route's validation step: none when its method has no request validator (or it checks
 * nothing), a parameter check when only parameters are validated, and a step that reads the body
 * when a model applies. Schemas are compiled here, once per config, never per request.
 */
public final class ValidationStepFactory implements StepFactory {

    @Override
    public Step create(StepContext context) {
        ValidationConfig config = context.route().validation();
        if (config == null) {
            return null;
        }
        RequiredParameters parameters = new RequiredParameters(config.requiredParameters());
        if (config.requestModels().isEmpty()) {
            return new ParameterValidationStep(parameters);
        }
        Map<String, BodySchema> schemas = new LinkedHashMap<>();
        Map<String, BodySchema> byText = new LinkedHashMap<>();
        config.requestModels()
                .forEach((contentType, model) -> schemas.put(
                        contentType, byText.computeIfAbsent(model.schema(), text -> BodySchema.compile(model))));
        return new BodyValidationStep(parameters, schemas);
    }
}
