package dev.tollgate.dataplane.steps.validation;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpression;
import dev.tollgate.ir.ValidationConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One model compiled for validating request bodies. The work of one validation is bounded, since
 * it runs on an event loop: the body is at most AWS's 10 MB payload (the aggregator's cap), its
 * nesting at most {@value #MAX_DEPTH} levels, the schema evaluation at most {@value #MAX_STEPS}
 * steps, and each {@code pattern} match a bounded number of character reads; past a bound the
 * body is refused as invalid rather than let run.
 */
final class BodySchema {
    static final int MAX_DEPTH = 500;
    static final long MAX_STEPS = 2_000_000;

    // Draft 4, formats not asserted (AWS ignores "format"), nothing loaded from anywhere: the
    // compiler made every schema self-contained.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_4, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(false)
                            .regularExpressionFactory(BoundedRegex::compile)
                            .build())
                    .schemaLoader(l -> l.block(iri -> !iri.toString().startsWith("http://json-schema.org/"))));

    private static final JsonMapper BODIES = JsonMapper.builder().build();

    private final String model;
    private final Schema schema;

    private BodySchema(String model, Schema schema) {
        this.model = model;
        this.schema = schema;
    }

    /** Compiles a model's schema (the compiler has checked it compiles). */
    static BodySchema compile(ValidationConfig.ModelConfig model) {
        Schema schema = REGISTRY.getSchema(model.schema(), InputFormat.JSON);
        schema.initializeValidators();
        return new BodySchema(model.name(), schema);
    }

    /** The model's name. */
    String model() {
        return model;
    }

    /**
     * AWS's {@code $context.error.validationErrorString} for a body that does not match, or null
     * when it does. An empty body is validated as {@code {}}, as AWS does.
     */
    String problems(ByteBuf body) {
        JsonNode instance;
        if (isBlank(body)) {
            instance = JsonNodeFactory.instance.objectNode();
        } else {
            try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate())) {
                instance = BODIES.readTree(in);
            } catch (JacksonException e) {
                return "[" + AwsSchemaMessages.clip(e.getOriginalMessage()) + "]";
            } catch (IOException e) {
                return "[the body cannot be read]";
            }
        }
        ExecutionContext[] used = new ExecutionContext[1];
        List<Error> errors;
        try {
            errors = schema.validate(instance, ctx -> {
                used[0] = ctx;
                ctx.executionConfig(c -> c.maxEvaluationSteps(MAX_STEPS).maxEvaluationDepth(MAX_DEPTH));
            });
        } catch (BoundedRegex.TooCostly e) {
            return "[a pattern took too long to match the body]";
        } catch (RuntimeException e) {
            return "[the body exceeds what validation evaluates]";
        }
        if (used[0] != null && used[0].isEvaluationAborted()) {
            return "[the body exceeds what validation evaluates]";
        }
        return errors.isEmpty() ? null : AwsSchemaMessages.format(errors);
    }

    private static boolean isBlank(ByteBuf body) {
        for (int i = body.readerIndex(); i < body.writerIndex(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** A JDK regex whose every match reads a bounded number of characters (no catastrophic backtracking). */
    static final class BoundedRegex {
        private BoundedRegex() {}

        /** Thrown when a match reads more characters than it may. */
        static final class TooCostly extends RuntimeException {
            TooCostly() {
                super("regular expression budget exceeded", null, false, false);
            }
        }

        static RegularExpression compile(String regex) {
            Pattern pattern = Pattern.compile(regex);
            return value -> pattern.matcher(new Budgeted(value, 100_000L + 50L * value.length()))
                    .find();
        }
    }

    /** A string that throws once more characters are read from it than its budget. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long[] budget;

        Budgeted(String text, long budget) {
            this(text, new long[] {budget});
        }

        private Budgeted(String text, long[] budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new BoundedRegex.TooCostly();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
