package dev.tollgate.dataplane.steps.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.ValidationConfig;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies against a model, with {@code $context.error.validationErrorString} worded as AWS words it
 * (the java-json-tools messages AWS prints), and the bounds that keep validation off the event
 * loop's critical path.
 */
class BodySchemaTest {
    private static final String PET = "{\"type\":\"object\",\"required\":[\"type\",\"price\",\"name\"],"
            + "\"additionalProperties\":false,\"properties\":{"
            + "\"id\":{\"type\":\"integer\"},"
            + "\"type\":{\"type\":\"string\",\"enum\":[\"dog\",\"cat\",\"fish\"]},"
            + "\"name\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":5,\"pattern\":\"^[a-z]+$\"},"
            + "\"email\":{\"type\":\"string\",\"format\":\"email\"},"
            + "\"tags\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":2},"
            + "\"price\":{\"type\":\"number\",\"minimum\":25,\"maximum\":500}}}";

    private static String problems(String schema, String body) {
        return BodySchema.compile(new ValidationConfig.ModelConfig("Pet", schema))
                .problems(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    @Test
    void aMatchingBodyHasNoProblems() {
        assertThat(problems(PET, "{\"type\":\"dog\",\"name\":\"rex\",\"price\":30.5,\"id\":7}"))
                .isNull();
    }

    @Test
    void missingRequiredPropertiesAreNamedInOneSortedMessage() {
        assertThat(problems(PET, "{\"name\":\"rex\"}"))
                .isEqualTo("[object has missing required properties ([\"price\",\"type\"])]");
    }

    @Test
    void anEmptyBodyIsValidatedAsAnEmptyObjectAsAwsDoes() {
        assertThat(problems(PET, ""))
                .isEqualTo("[object has missing required properties ([\"name\",\"price\",\"type\"])]");
        assertThat(problems("{\"type\":\"object\"}", "  \r\n")).isNull();
    }

    @Test
    void typeEnumAndRangeViolationsAreWordedAsAws() {
        assertThat(problems(PET, "{\"type\":\"bird\",\"name\":\"rex\",\"price\":1000,\"id\":1.5}"))
                .isEqualTo("[instance type (number) does not match any allowed primitive type (allowed: [\"integer\"]),"
                        + " instance value (\"bird\") not found in enum (possible values: [\"dog\",\"cat\",\"fish\"]),"
                        + " numeric instance is greater than the required maximum (maximum: 500, found: 1000)]");
        assertThat(problems(PET, "{\"type\":\"cat\",\"name\":\"rex\",\"price\":\"cheap\"}"))
                .isEqualTo(
                        "[instance type (string) does not match any allowed primitive type (allowed: [\"number\"])]");
        assertThat(problems(PET, "{\"type\":\"cat\",\"name\":\"rex\",\"price\":1}"))
                .isEqualTo("[numeric instance is lower than the required minimum (minimum: 25, found: 1)]");
    }

    @Test
    void stringArrayAndAdditionalPropertyViolationsAreWordedAsAws() {
        assertThat(problems(
                        PET, "{\"type\":\"cat\",\"name\":\"R\",\"price\":30,\"tags\":[],\"extra\":1,\"another\":true}"))
                .isEqualTo(
                        "[string \"R\" is too short (length: 1, required minimum: 2),"
                                + " ECMA 262 regex \"^[a-z]+$\" does not match input string \"R\","
                                + " array is too short: must have at least 1 elements but instance has 0 elements,"
                                + " object instance has properties which are not allowed by the schema: [\"another\",\"extra\"]]");
    }

    @Test
    void formatsAreNotAssertedAsAwsIgnoresThem() {
        assertThat(problems(PET, "{\"type\":\"dog\",\"name\":\"rex\",\"price\":30,\"email\":\"not an address\"}"))
                .isNull();
    }

    @Test
    void aBodyThatIsNotJsonIsInvalid() {
        assertThat(problems(PET, "{\"type\": dog}")).startsWith("[Unrecognized token 'dog'");
        assertThat(problems(PET, "<pet/>")).startsWith("[Unexpected character");
    }

    @Test
    void aBodyNestedDeeperThanTheBoundIsInvalidWithoutOverflowingTheStack() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThat(problems("{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}", deep))
                .startsWith("[Document nesting depth");
    }

    @Test
    void aCatastrophicPatternIsCutOffAndTheBodyRefused() {
        // Polynomial with a high degree: seconds of backtracking on a short string, were it let run.
        String schema =
                "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(.*a){12}$\"}}}";
        assertThat(problems(schema, "{\"s\":\"" + "a".repeat(40) + "!\"}"))
                .isEqualTo("[a pattern took too long to match the body]");
        assertThat(problems(schema, "{\"s\":\"" + "a".repeat(12) + "\"}")).isNull();
    }

    @Test
    void modelsReferringToOtherModelsValidateTheirParts() {
        String schema = "{\"type\":\"object\",\"properties\":{\"owner\":{\"$ref\":\"#/definitions/Owner\"}},"
                + "\"definitions\":{\"Owner\":{\"type\":\"object\",\"required\":[\"name\"]}}}";
        assertThat(problems(schema, "{\"owner\":{}}"))
                .isEqualTo("[object has missing required properties ([\"name\"])]");
    }
}
