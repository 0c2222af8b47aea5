package dev.tollgate.dataplane.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine as AWS's dialect and as a sandbox: variables, overrides, whitespace, and the bounds
 * that stop a hostile template (each stops with a {@link TemplateException}, never a hang or an
 * exhausted heap).
 */
class TemplateEngineTest {
    /** Small bounds, so the hostile templates below stop fast (the defaults are tested end to end). */
    private static final TemplateEngine SMALL =
            new TemplateEngine(new RenderLimits(100_000, 400_000, 20_000, 4, 30_000));

    @Test
    void contextAndStageVariablesResolveByTheirDottedNames() {
        Templates t = Templates.engine()
                .context("stage", "prod")
                .context("identity", Map.of("sourceIp", "192.0.2.1"))
                .stageVariable("region", "eu-west-1");
        assertThat(t.render("$context.stage $context.identity.sourceIp $stageVariables.region "
                        + "$stageVariables['region'] ${stageVariables['region']}"))
                .isEqualTo("prod 192.0.2.1 eu-west-1 eu-west-1 eu-west-1");
    }

    @Test
    void absentReferencesRenderEmptyAsAwsRendersThem() {
        assertThat(Templates.engine().render("[$nothing][$context.nope][$input.params('x')]"))
                .isEqualTo("[][][]");
    }

    @Test
    void overridesAreCollectedFromTheContext() {
        TemplateOutput out = Templates.engine()
                .render(
                        "#set($context.requestOverride.header.X-Trace = 'abc')"
                                + "#set($context.requestOverride.querystring.page = '2')"
                                + "#set($context.requestOverride.path.id = '42')"
                                + "#set($context.responseOverride.status = 418)"
                                + "#set($context.responseOverride.header.X-Why = 'teapot')"
                                + "done",
                        true);
        assertThat(out.body()).isEqualTo("done");
        assertThat(out.requestHeaders()).containsEntry("X-Trace", "abc");
        assertThat(out.requestQuery()).containsEntry("page", "2");
        assertThat(out.requestPath()).containsEntry("id", "42");
        assertThat(out.responseStatus()).isEqualTo(418);
        assertThat(out.responseHeaders()).containsEntry("X-Why", "teapot");
    }

    @Test
    void aStatusOverrideThatIsNoStatusIsIgnored() {
        assertThat(Templates.engine()
                        .render("#set($context.responseOverride.status = 99)", true)
                        .responseStatus())
                .isZero();
        assertThat(Templates.engine()
                        .render("#set($context.responseOverride.status = 'x')", true)
                        .responseStatus())
                .isZero();
    }

    @Test
    void directiveLinesLeaveNoBlankLinesAsVelocityOneSevenDid() {
        assertThat(Templates.engine().render("#set($a = 1)\n#if($a == 1)\nyes\n#end\n"))
                .isEqualTo("yes\n");
    }

    @Test
    void literalTextWithDollarAndHashStaysAsWritten() {
        assertThat(Templates.engine().render("{\"price\": \"$5\", \"tag\": \"#1\"}"))
                .isEqualTo("{\"price\": \"$5\", \"tag\": \"#1\"}");
    }

    @Test
    void templatesReachNoJavaClass() {
        Templates t = Templates.engine();
        assertThat(t.render("[$input.getClass()][$input.class][$util.class.forName('java.lang.Runtime')]"))
                .isEqualTo("[][][]");
        assertThat(t.render("#set($s = 'x')[$s.getClass().forName('java.lang.Runtime')][$s.class.name]"))
                .isEqualTo("[][]");
        assertThat(t.render("#set($m = {})[$m.getClass()][${m.class}]")).isEqualTo("[][]");
        assertThat(t.render("#set($s = 'x')[$s.repeat(3)][$s.getBytes()]")).isEqualTo("[][]");
    }

    @Test
    void parseAndIncludeLoadNothing() {
        // #parse finds no template and renders nothing; #include finds no resource and fails.
        assertThat(Templates.engine().render("[#parse('/etc/passwd')]")).isEqualTo("[]");
        assertThatThrownBy(() -> Templates.engine().render("#include('/etc/passwd')"))
                .isInstanceOf(TemplateException.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void aHugeLoopStopsAtTheStepBound() {
        assertThatThrownBy(() -> new Templates(SMALL)
                        .render("#foreach($i in [1..2000000000])#foreach($j in [1..2000000000])x#end#end"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
    }

    @Test
    void aHugeRangeIsNeverMaterialised() {
        assertThatThrownBy(
                        () -> new Templates(SMALL).render("#set($r = [1..2147483647])$r.size()#foreach($i in $r)#end"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
    }

    @Test
    void recursionStops() {
        assertThatThrownBy(() -> new Templates(SMALL).render("#macro(loop $n)#loop($n)#end#loop(1)"))
                .isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> new Templates(SMALL).render("#set($s = '#evaluate($s)')#evaluate($s)"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
    }

    @Test
    void hugeOutputStopsAtTheOutputBound() {
        assertThatThrownBy(() -> new Templates(SMALL)
                        .render("#set($s = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')"
                                + "#foreach($i in [1..40])#set($s = \"$s$s\")#end$s"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
        assertThatThrownBy(() -> new Templates(SMALL)
                        .render("#set($s = 'x')#foreach($i in [1..40])#set($s = $s.concat($s))#end"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
        assertThatThrownBy(() -> new Templates(SMALL)
                        .render("#set($l = ['x'])#foreach($i in [1..40])#set($d = $l.addAll($l))#end"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
    }

    @Test
    void catastrophicBacktrackingStopsAtTheTimeBound() {
        TemplateEngine quick = new TemplateEngine(new RenderLimits(1_000_000, 4_000_000, 100_000, 4, 50));
        assertThatThrownBy(
                        () -> new Templates(quick)
                                .render(
                                        "#set($s = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')$s.replaceAll('(.*a){14}$', 'x')"))
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.limit()).isTrue());
    }

    @Test
    void aFailedTemplateLeavesTheEngineServing() {
        TemplateEngine engine = TemplateEngine.defaults();
        assertThatThrownBy(() -> new Templates(engine).render("#foreach($i in [1..2000000000])#end"))
                .isInstanceOf(TemplateException.class);
        assertThat(new Templates(engine).render("#foreach($i in [1..3])$i#end")).isEqualTo("123");
    }
}
