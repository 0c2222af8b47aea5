package dev.tollgate.dataplane.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a template against a body and parameters, as a request mapping would. */
final class Templates {
    private final TemplateEngine engine;
    private String body = "";
    private final Map<String, String> path = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private final Map<String, String> stageVariables = new LinkedHashMap<>();

    Templates(TemplateEngine engine) {
        this.engine = engine;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("header", new LinkedHashMap<String, Object>());
        request.put("querystring", new LinkedHashMap<String, Object>());
        request.put("path", new LinkedHashMap<String, Object>());
        context.put("requestOverride", request);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("header", new LinkedHashMap<String, Object>());
        context.put("responseOverride", response);
    }

    static Templates engine() {
        return new Templates(TemplateEngine.defaults());
    }

    Templates body(String text) {
        this.body = text;
        return this;
    }

    Templates path(String name, String value) {
        path.put(name, value);
        return this;
    }

    Templates query(String name, String value) {
        query.put(name, value);
        return this;
    }

    Templates header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Templates context(String name, Object value) {
        context.put(name, value);
        return this;
    }

    Templates stageVariable(String name, String value) {
        stageVariables.put(name, value);
        return this;
    }

    TemplateOutput output(String template) {
        return engine.compile("test", template)
                .render(new TemplateBindings(new InputVariable(body, path, query, headers), context, stageVariables));
    }

    String render(String template) {
        return output(template).body();
    }

    /** The whole output, overrides included. */
    TemplateOutput render(String template, boolean whole) {
        return output(template);
    }
}
