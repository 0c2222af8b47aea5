package dev.tollgate.dataplane.template;

import java.io.StringReader;
import org.apache.velocity.Template;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.slf4j.helpers.NOPLogger;

/**
 * Apache Velocity configured as AWS's mapping-template dialect, and sandboxed: templates parse
 * once ({@link #compile}, when a runtime is built from a config) and render within {@link
 * RenderLimits}. The dialect: Velocity 1.7 whitespace handling and identifiers (a header name such as {@code
 * $context.requestOverride.header.X-Trace} is one identifier), lax references (an absent value
 * renders empty), empty strings true in {@code #if}. The sandbox: no resource loading ({@code
 * #parse} and {@code #include} find nothing), no class reachable beyond the bound values ({@link
 * SandboxUberspector}), ranges never materialised, loops and {@code #evaluate} charged to the
 * render's budget, macro recursion capped. One engine serves every runtime; it holds no
 * per-config state.
 */
public final class TemplateEngine {
    private static final TemplateEngine DEFAULT = new TemplateEngine(RenderLimits.DEFAULT);

    private final RenderLimits limits;
    // Built with the first template (Velocity's set-up loads some 150 classes), not with the engine:
    // a config without mapping templates never pays for it.
    private volatile RuntimeInstance velocity;

    /** An engine whose renders run within {@code limits}. */
    public TemplateEngine(RenderLimits limits) {
        this.limits = limits;
    }

    private RuntimeInstance velocity() {
        RuntimeInstance v = velocity;
        if (v == null) {
            synchronized (this) {
                v = velocity;
                if (v == null) {
                    v = newVelocity();
                    velocity = v;
                }
            }
        }
        return v;
    }

    private static RuntimeInstance newVelocity() {
        RuntimeInstance velocity = new RuntimeInstance();
        velocity.setProperty("runtime.log.instance", NOPLogger.NOP_LOGGER);
        velocity.setProperty("resource.loaders", "string");
        velocity.setProperty(
                "resource.loader.string.class", "org.apache.velocity.runtime.resource.loader.StringResourceLoader");
        velocity.setProperty("parser.space_gobbling", "bc");
        velocity.setProperty("parser.allow_hyphen_in_identifiers", true);
        // Velocity makes 20 parsers up front, 40 KB of buffers each, held for good: templates are
        // parsed when a config is built, and at render time only by #evaluate, on an event loop (a
        // parse that finds the pool empty makes a parser of its own).
        velocity.setProperty("parser.pool.size", 2);
        velocity.setProperty("runtime.strict_mode.enable", false);
        velocity.setProperty("runtime.immutable_ranges", true);
        velocity.setProperty("directive.if.empty_check", false);
        velocity.setProperty("directive.parse.max_depth", 1);
        velocity.setProperty("directive.define.max_depth", 2);
        velocity.setProperty("velocimacro.max_depth", 16);
        velocity.setProperty("velocimacro.inline.local_scope", true);
        velocity.setProperty("runtime.log.log_invalid_references", false);
        velocity.setProperty("runtime.log.log_invalid_method_calls", false);
        velocity.setProperty("introspector.uberspect.class", SandboxUberspector.class.getName());
        velocity.setProperty(
                "runtime.custom_directives", BoundedForeach.class.getName() + "," + BoundedEvaluate.class.getName());
        velocity.init();
        return velocity;
    }

    /** The gateway's engine, with its default bounds. */
    public static TemplateEngine defaults() {
        return DEFAULT;
    }

    /**
     * Parses a template once.
     *
     * @param name what logs call it, e.g. {@code default/petstore/prod GET /pets response 200 application/json}
     * @throws IllegalArgumentException when it does not parse (the compiler refuses such templates)
     */
    public MappingTemplate compile(String name, String text) {
        RuntimeInstance velocity = velocity();
        Template template = new Template();
        template.setName(name);
        template.setRuntimeServices(velocity);
        try {
            template.setData(velocity.parse(new StringReader(text == null ? "" : text), template));
            template.initDocument();
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("template " + name + " does not parse: " + e.getMessage(), e);
        }
        return new MappingTemplate(name, template, limits);
    }

    RenderLimits limits() {
        return limits;
    }
}
