package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compiler takes AWS's built-in models as given (so a config without models of its own never
 * loads the schema library): here they are held to what a declared model must pass.
 */
class BuiltInModelsTest {
    @Test
    void builtInModelsAreValidDraft4Schemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        Schema meta = registry.getSchema(SchemaLocation.of(ModelCompiler.DRAFT_4));
        assertThat(ModelCompiler.BUILT_IN).containsOnlyKeys("Empty", "Error");
        for (Map.Entry<String, String> model : ModelCompiler.BUILT_IN.entrySet()) {
            assertThat(meta.validate(model.getValue(), InputFormat.JSON))
                    .as(model.getKey())
                    .isEmpty();
            Schema schema = registry.getSchema(model.getValue(), InputFormat.JSON);
            schema.initializeValidators();
            assertThat(schema.validate("{\"message\":\"m\"}", InputFormat.JSON))
                    .as(model.getKey())
                    .isEmpty();
            assertThat(schema.validate("[]", InputFormat.JSON))
                    .as(model.getKey())
                    .isNotEmpty();
        }
    }
}
