package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntaxTest {

    @Test
    void resourcePathKeepsParametersInOrderAndTheGreedyOneLast() {
        Syntax.ResourcePath path = Syntax.resourcePath("/a/{x}/b/{rest+}").value();
        assertThat(path.params()).containsExactly("x", "rest");
        assertThat(path.greedy()).isEqualTo("rest");
        assertThat(path.shape()).isEqualTo("/a/{}/b/{+}");
        assertThat(Syntax.resourcePath("/a//b").isOk()).isFalse();
        assertThat(Syntax.resourcePath("/a/{x+}/b").isOk()).isFalse();
    }

    @Test
    void mappingSourcesParseAsAwsWritesThem() {
        assertThat(Syntax.requestSource("'v'").value().fixed()).isEqualTo(new ParameterSource.Literal("v"));
        assertThat(Syntax.requestSource("method.request.multivalueheader.X-A")
                        .value()
                        .fixed())
                .isEqualTo(new ParameterSource.Request(ParameterSource.Location.MULTIVALUEHEADER, "X-A"));
        assertThat(Syntax.requestSource("stageVariables.host").value().stageVariable())
                .isEqualTo("host");
        assertThat(Syntax.requestSource("context.identity.sourceIp").isOk()).isTrue();
        assertThat(Syntax.requestSource("context.nope").isOk()).isFalse();
        assertThat(Syntax.requestSource("method.request.body").value().fixed())
                .isEqualTo(new ParameterSource.RequestBody(null));
        assertThat(Syntax.requestSource("method.request.body.pet.name").value().fixed())
                .isEqualTo(new ParameterSource.RequestBody("$.pet.name"));
        assertThat(Syntax.requestSource("method.request.body.items[0").isOk()).isFalse();
        assertThat(Syntax.requestTarget("integration.request.querystring.q")
                        .value()
                        .target())
                .isEqualTo(ParameterMapping.Target.QUERYSTRING);
        assertThat(Syntax.requestTarget("integration.request.cookie.q").isOk()).isFalse();
    }

    @Test
    void responseSourcesTakeBodiesStageVariablesAndContextAsAwsDoes() {
        assertThat(Syntax.responseSource("integration.response.body.redirect.url")
                        .value()
                        .fixed())
                .isEqualTo(new ParameterSource.IntegrationResponseBody("$.redirect.url"));
        assertThat(Syntax.responseSource("integration.response.body").value().fixed())
                .isEqualTo(new ParameterSource.IntegrationResponseBody(null));
        assertThat(Syntax.responseSource("stageVariables.region").value().fixed())
                .isEqualTo(new ParameterSource.StageVariable("region"));
        assertThat(Syntax.responseSource("context.requestId").value().fixed())
                .isEqualTo(new ParameterSource.Context(ContextVariable.REQUEST_ID));
        assertThat(Syntax.responseSource("method.request.header.y").isOk()).isFalse();
    }

    @Test
    void placeholdersIgnoreStageVariablesAndRefuseGreedyForms() {
        assertThat(Syntax.placeholders("/${stageVariables.v}/{proxy}/{id}").value())
                .containsExactly("proxy", "id");
        assertThat(Syntax.placeholders("/{proxy+}").isOk()).isFalse();
        assertThat(Syntax.placeholders("/{open").isOk()).isFalse();
        assertThat(Syntax.substitute("http://${stageVariables.h}:8080", Map.of("h", "x")))
                .isEqualTo("http://x:8080");
    }

    @Test
    void vtlIsRecognisedButDollarAmountsAndHashesInLiteralsAreNot() {
        assertThat(Syntax.isVtl("{\"id\": \"$input.params('id')\"}")).isTrue();
        assertThat(Syntax.isVtl("#set($a = 1)")).isTrue();
        assertThat(Syntax.isVtl("${x}")).isTrue();
        assertThat(Syntax.isVtl("{\"price\": \"$5\", \"tag\": \"#1\"}")).isFalse();
        assertThat(Syntax.mockStatus(" {\"statusCode\" : 404} ")).contains(404);
        assertThat(Syntax.mockStatus("{\"statusCode\": \"404\"}")).isEmpty();
    }

    @Test
    void accessLogFormatsNameOnlyKnownContextVariables() {
        assertThat(Syntax.unknownContextVariables("$context.requestId $context.status. $context.foo.bar"))
                .isEqualTo(List.of("foo.bar"));
    }
}
