package dev.tollgate.dataplane.template;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.InvalidReferenceEventHandler;
import org.apache.velocity.app.event.MethodExceptionEventHandler;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.util.introspection.Info;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parsed mapping template, rendered per request on the calling thread within its bounds. A
 * template that fails is logged once (its first failure), however often it fails afterwards.
 */
public final class MappingTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(MappingTemplate.class);

    private final String name;
    private final Template template;
    private final RenderLimits limits;
    private final AtomicBoolean logged = new AtomicBoolean();

    MappingTemplate(String name, Template template, RenderLimits limits) {
        this.name = name;
        this.template = template;
        this.limits = limits;
    }

    /**
     * Renders the template.
     *
     * @throws TemplateException when it fails or passes a bound
     * @throws JsonValues.InvalidBodyException when it reads a payload that is not JSON as JSON
     */
    public TemplateOutput render(TemplateBindings bindings) {
        RenderBudget budget = RenderBudget.begin(limits);
        try {
            VelocityContext context = new VelocityContext();
            context.put("input", bindings.input());
            context.put("util", UtilVariable.INSTANCE);
            context.put("context", bindings.context());
            context.put("stageVariables", bindings.stageVariables());
            EventCartridge events = new EventCartridge();
            events.addEventHandler(new Handlers(budget));
            events.attachToContext(context);
            BoundedWriter out = new BoundedWriter(budget);
            template.merge(context, out);
            return TemplateOutput.of(out.toString(), bindings.context());
        } catch (StackOverflowError e) {
            throw failed(RenderBudget.exceeded("recursion too deep"));
        } catch (RuntimeException e) {
            JsonValues.InvalidBodyException invalid = find(e, JsonValues.InvalidBodyException.class);
            if (invalid != null) {
                throw invalid;
            }
            TemplateException limit = find(e, TemplateException.class);
            throw failed(limit != null ? limit : new TemplateException(describe(e), e, false));
        } finally {
            RenderBudget.end();
        }
    }

    private TemplateException failed(TemplateException e) {
        if (logged.compareAndSet(false, true)) {
            LOG.warn(
                    "mapping template {} failed: {} (answered 500; later failures are not logged)",
                    name,
                    e.getMessage());
        }
        return e;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "mapping template failed: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The template's name, for logs. */
    public String name() {
        return name;
    }

    /**
     * Absent values render empty, as AWS renders them; every insertion is charged to the budget;
     * an exception in a called method fails the render (Velocity would otherwise render nothing).
     */
    private record Handlers(RenderBudget budget)
            implements InvalidReferenceEventHandler, ReferenceInsertionEventHandler, MethodExceptionEventHandler {
        @Override
        public Object methodException(Context context, Class<?> type, String method, Exception e, Info info) {
            throw e instanceof RuntimeException r ? r : new TemplateException(describe(e), e, false);
        }

        @Override
        public Object invalidGetMethod(Context context, String reference, Object object, String property, Info info) {
            return null;
        }

        @Override
        public boolean invalidSetMethod(Context context, String leftreference, String rightreference, Info info) {
            return false;
        }

        @Override
        public Object invalidMethod(Context context, String reference, Object object, String method, Info info) {
            return null;
        }

        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            if (value == null) {
                return "";
            }
            String text = value.toString();
            budget.produce(text.length());
            return text;
        }
    }
}
