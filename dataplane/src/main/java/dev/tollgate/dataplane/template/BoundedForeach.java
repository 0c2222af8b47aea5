package dev.tollgate.dataplane.template;

import java.io.IOException;
import java.io.Writer;
import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.directive.Foreach;
import org.apache.velocity.runtime.parser.node.Node;

/** Velocity's {@code #foreach}, charging each iteration to the render's budget. */
public final class BoundedForeach extends Foreach {
    @Override
    protected void renderBlock(InternalContextAdapter context, Writer writer, Node node) throws IOException {
        RenderBudget budget = RenderBudget.current();
        if (budget != null) {
            budget.step();
        }
        super.renderBlock(context, writer, node);
    }
}
