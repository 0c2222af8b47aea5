package dev.tollgate.dataplane.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code $input} against AWS's documented examples: the developer guide's "Variables for data
 * transformations for API Gateway" ({@code $input} variables and their template examples), and
 * AWS's recorded renderings of {@code $input.path} results (maps print as {@code {k=v}}, lists as
 * JSON, nothing for a missing path).
 */
class InputVariableTest {
    private static final String PETS =
            "{\"pets\":[{\"id\":1,\"type\":\"dog\",\"price\":249.99},{\"id\":2,\"type\":\"cat\",\"price\":124.99},"
                    + "{\"id\":3,\"type\":\"fish\",\"price\":0.99}]}";

    @Test
    void inputBodyIsTheRawPayload() {
        // "$input.body: Returns the raw request payload as a string."
        assertThat(Templates.engine().body("{\"a\": 1}").render("$input.body")).isEqualTo("{\"a\": 1}");
        assertThat(Templates.engine().body("plain text").render("$input.body")).isEqualTo("plain text");
    }

    @Test
    void inputJsonOfAPathIsItsJsonText() {
        // "$input.json('$.pets') returns a JSON string representing the pets structure."
        assertThat(Templates.engine().body(PETS).render("$input.json('$.pets')"))
                .isEqualTo("[{\"id\":1,\"type\":\"dog\",\"price\":249.99},{\"id\":2,\"type\":\"cat\",\"price\":124.99},"
                        + "{\"id\":3,\"type\":\"fish\",\"price\":0.99}]");
        assertThat(Templates.engine().body(PETS).render("$input.json('$.pets[0].type')"))
                .isEqualTo("\"dog\"");
    }

    @Test
    void inputPathReturnsAnObjectTheTemplateWalks() {
        // "$input.path('$.pets').size() would return "3"."
        assertThat(Templates.engine().body(PETS).render("$input.path('$.pets').size()"))
                .isEqualTo("3");
        assertThat(Templates.engine().body(PETS).render("$input.path('$.pets')[1].type"))
                .isEqualTo("cat");
        assertThat(Templates.engine()
                        .body(PETS)
                        .render("#foreach($p in $input.path('$.pets'))$p.id#if($foreach.hasNext),#end#end"))
                .isEqualTo("1,2,3");
    }

    @Test
    void inputPathObjectsPrintAsAwsPrintsThem() {
        // Recorded from AWS: a map prints as {k=v, ...}, a list as JSON, a map holding a list mixes both.
        String t = "#set($result = $input.path('$.json'))$result";
        assertThat(Templates.engine().body("{\"json\":{\"foo\":\"bar\"}}").render(t))
                .isEqualTo("{foo=bar}");
        assertThat(Templates.engine().body("{\"json\":[{\"foo\":\"bar\"}]}").render(t))
                .isEqualTo("[{\"foo\":\"bar\"}]");
        assertThat(Templates.engine()
                        .body("{\"json\":{\"foo\":[{\"nested\":\"bar\"}]}}")
                        .render(t))
                .isEqualTo("{foo=[{\"nested\":\"bar\"}]}");
        assertThat(Templates.engine()
                        .body("{\"json\":{\"bigger\":\"dict\",\"to\":\"test\",\"with\":\"separators\"}}")
                        .render(t))
                .isEqualTo("{bigger=dict, to=test, with=separators}");
    }

    @Test
    void aMissingPathRendersNothingAndIsNull() {
        // Recorded from AWS: {"body": , "nested": , "isNull": "true", ...} for $input.path("$.nonExisting").
        String t = "#set($result = $input.path(\"$.nonExisting\")){\"body\": $result, \"nested\": $result.nested,"
                + " \"isNull\": #if( $result == $null )\"true\"#else\"false\"#end}";
        assertThat(Templates.engine().render(t)).isEqualTo("{\"body\": , \"nested\": , \"isNull\": \"true\"}");
        assertThat(Templates.engine().body("{\"listValue\":[]}").render(t.replace("$.nonExisting", "$.listValue")))
                .isEqualTo("{\"body\": [], \"nested\": , \"isNull\": \"false\"}");
    }

    @Test
    void paramsOfANameSearchesPathThenQueryStringThenHeaders() {
        // "$input.params(x): ... from the path, query string, or header value (searched in that order)".
        Templates t = Templates.engine()
                .path("id", "from-path")
                .query("id", "from-query")
                .query("q", "from-query")
                .header("id", "from-header")
                .header("X-Only", "from-header");
        assertThat(t.render("$input.params('id')|$input.params('q')|$input.params('x-only')|$input.params('none')|"))
                .isEqualTo("from-path|from-query|from-header||");
    }

    @Test
    void awsParameterMappingExampleListsEveryParameterByLocation() {
        // The guide's "Parameter mapping template example": all parameters passed through as JSON.
        String template = "#set($allParams = $input.params())\n"
                + "{\n"
                + "  \"params\" : {\n"
                + "    #foreach($type in $allParams.keySet())\n"
                + "    #set($params = $allParams.get($type))\n"
                + "    \"$type\" : {\n"
                + "      #foreach($paramName in $params.keySet())\n"
                + "      \"$paramName\" : \"$util.escapeJavaScript($params.get($paramName))\"\n"
                + "      #if($foreach.hasNext),#end\n"
                + "      #end\n"
                + "    }\n"
                + "    #if($foreach.hasNext),#end\n"
                + "    #end\n"
                + "  }\n"
                + "}\n";
        String out = Templates.engine()
                .path("petId", "7")
                .query("color", "it's red")
                .header("Accept", "application/json")
                .render(template);
        assertThat(out.replaceAll("\\s+", ""))
                .isEqualTo("{\"params\":{\"path\":{\"petId\":\"7\"},\"querystring\":{\"color\":\"it\\'sred\"},"
                        + "\"header\":{\"Accept\":\"application\\/json\"}}}");
    }

    @Test
    void awsRequestAndResponseExampleUsesAllThreeFunctions() {
        // The guide's "Example request and response using $input": POST /things/abc.
        String template = "{\n"
                + "    \"id\" : \"$input.params('id')\",\n"
                + "    \"count\" : \"$input.path('$.things').size()\",\n"
                + "    \"things\" : $input.json('$.things')\n"
                + "}";
        String out = Templates.engine()
                .path("id", "abc")
                .body("{\n    \"things\" : {\n        \"1\" : {},\n        \"2\" : {},\n        \"3\" : {}\n    }\n}")
                .render(template);
        assertThat(out)
                .isEqualTo("{\n    \"id\" : \"abc\",\n    \"count\" : \"3\",\n"
                        + "    \"things\" : {\"1\":{},\"2\":{},\"3\":{}}\n}");
    }

    @Test
    void aBodyThatIsNotJsonFailsOnlyWhenReadAsJson() {
        Templates t = Templates.engine().body("{\"broken\": ");
        assertThat(t.render("$input.body")).isEqualTo("{\"broken\": ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.render("$input.json('$')"))
                .isInstanceOf(JsonValues.InvalidBodyException.class);
    }
}
