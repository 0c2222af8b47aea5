package dev.tollgate.dataplane.template;

import java.io.IOException;
import java.io.Writer;
import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.directive.Evaluate;
import org.apache.velocity.runtime.parser.node.Node;

/** Velocity's {@code #evaluate}, with its nesting bounded: a template evaluating itself stops. */
public final class BoundedEvaluate extends Evaluate {
    @Override
    public boolean render(InternalContextAdapter context, Writer writer, Node node) throws IOException {
        RenderBudget budget = RenderBudget.current();
        if (budget == null) {
            return super.render(context, writer, node);
        }
        budget.enter();
        try {
            budget.step();
            return super.render(context, writer, node);
        } finally {
            budget.leave();
        }
    }
}
