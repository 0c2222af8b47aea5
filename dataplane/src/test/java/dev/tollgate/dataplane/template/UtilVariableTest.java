package dev.tollgate.dataplane.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code $util} against the developer guide's "$util variables" table and its examples; UTF-8
 * throughout, as the guide says.
 */
class UtilVariableTest {
    @Test
    void escapeJavaScriptEscapesAsJavaScriptStringRules() {
        // "This function will turn any regular single quotes (') into escaped ones (\')."
        assertThat(Templates.engine()
                        .query("q", "it's \"quoted\" \\ / tab\t")
                        .render("$util.escapeJavaScript($input.params('q'))"))
                .isEqualTo("it\\'s \\\"quoted\\\" \\\\ \\/ tab\\t");
        assertThat(UtilVariable.INSTANCE.escapeJavaScript("line\nfeed é €")).isEqualTo("line\\nfeed \\u00E9 \\u20AC");
    }

    @Test
    void escapedSingleQuotesTurnBackForJsonAsTheGuideShows() {
        // "$util.escapeJavaScript(data).replaceAll("\\'","'")"
        assertThat(
                        Templates.engine()
                                .query("data", "it's")
                                .render(
                                        "#set($data = $input.params('data'))$util.escapeJavaScript($data).replaceAll(\"\\\\'\",\"'\")"))
                .isEqualTo("it's");
    }

    @Test
    void parseJsonGivesAnObjectTheTemplateWalks() {
        // The guide's example: {"errorMessage":"{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}
        String body = "{\"errorMessage\":\"{\\\"key1\\\":\\\"var1\\\",\\\"key2\\\":{\\\"arr\\\":[1,2,3]}}\"}";
        String template = "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n"
                + "{\n"
                + "   \"errorMessageObjKey2ArrVal\" : $errorMessageObj.key2.arr[0]\n"
                + "}\n";
        assertThat(Templates.engine().body(body).render(template))
                .isEqualTo("{\n   \"errorMessageObjKey2ArrVal\" : 1\n}\n");
    }

    @Test
    void urlEncodeAndDecodeUseFormEncoding() {
        // "Converts a string into application/x-www-form-urlencoded format" and back.
        assertThat(Templates.engine().render("$util.urlEncode('a b&c=d/é')")).isEqualTo("a+b%26c%3Dd%2F%C3%A9");
        assertThat(Templates.engine().render("$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')"))
                .isEqualTo("a b&c=d/é");
    }

    @Test
    void base64EncodeAndDecodeRoundTripUtf8() {
        assertThat(Templates.engine().render("$util.base64Encode('Tollgate é')"))
                .isEqualTo("VG9sbGdhdGUgw6k=");
        assertThat(Templates.engine().render("$util.base64Decode('VG9sbGdhdGUgw6k=')"))
                .isEqualTo("Tollgate é");
    }
}
