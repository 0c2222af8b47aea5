package dev.tollgate.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.http.CanonicalPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static CanonicalPath path(String p) throws Exception {
        return CanonicalPath.parse(p);
    }

    @Test
    void staticBeatsParamBeatsGreedy() throws Exception {
        Router<String> r = new Router<String>()
                .add("GET", "/pets/mine", "static")
                .add("GET", "/pets/{id}", "param")
                .add("GET", "/pets/{proxy+}", "greedy");
        assertThat(r.match("GET", path("/pets/mine")).value()).isEqualTo("static");
        assertThat(r.match("GET", path("/pets/7")).value()).isEqualTo("param");
        assertThat(r.match("GET", path("/pets/7/toys")).value()).isEqualTo("greedy");
    }

    @Test
    void exactMethodBeatsAny() throws Exception {
        Router<String> r = new Router<String>().add("ANY", "/pets", "any").add("GET", "/pets", "get");
        assertThat(r.match("GET", path("/pets")).value()).isEqualTo("get");
        assertThat(r.match("POST", path("/pets")).value()).isEqualTo("any");
    }

    @Test
    void staticResourceWithoutTheMethodBacktracksToSiblingParam() throws Exception {
        Router<String> r =
                new Router<String>().add("POST", "/pets/mine", "static").add("GET", "/pets/{id}", "param");
        Router.Match<String> m = r.match("GET", path("/pets/mine"));
        assertThat(m.value()).isEqualTo("param");
        assertThat(m.pathParameters()).containsEntry("id", "mine");
    }

    @Test
    void staticBranchWithoutMatchingChildBacktracksToSiblingParam() throws Exception {
        Router<String> r =
                new Router<String>().add("GET", "/pets/mine/food", "static").add("GET", "/pets/{id}/toys", "param");
        Router.Match<String> m = r.match("GET", path("/pets/mine/toys"));
        assertThat(m.value()).isEqualTo("param");
        assertThat(m.pathParameters()).containsExactlyEntriesOf(java.util.Map.of("id", "mine"));
    }

    @Test
    void deadEndBacktracksToAncestorGreedy() throws Exception {
        Router<String> r =
                new Router<String>().add("GET", "/api/v1/users", "users").add("ANY", "/api/{proxy+}", "greedy");
        Router.Match<String> m = r.match("GET", path("/api/v1/orders/9"));
        assertThat(m.value()).isEqualTo("greedy");
        assertThat(m.pathParameters()).containsEntry("proxy", "v1/orders/9");
        assertThat(m.greedyName()).isEqualTo("proxy");
        assertThat(m.greedySegments()).containsExactly("v1", "orders", "9");
    }

    @Test
    void greedyNeedsAtLeastOneSegment() throws Exception {
        Router<String> r = new Router<String>().add("ANY", "/{proxy+}", "greedy");
        assertThat(r.match("GET", path("/"))).isNull();
        assertThat(r.match("GET", path("/x")).value()).isEqualTo("greedy");
    }

    @Test
    void noRouteAndNoMethodGiveNoMatch() throws Exception {
        Router<String> r = new Router<String>().add("GET", "/pets", "get");
        assertThat(r.match("GET", path("/cats"))).isNull();
        assertThat(r.match("DELETE", path("/pets"))).isNull();
        assertThat(r.match("HEAD", path("/pets"))).isNull();
    }

    @Test
    void rootResourceMatchesOnlyRoot() throws Exception {
        Router<String> r = new Router<String>().add("GET", "/", "root");
        assertThat(r.match("GET", path("/")).value()).isEqualTo("root");
        assertThat(r.match("GET", path("/x"))).isNull();
    }

    @Test
    void parametersAreDecodedValues() throws Exception {
        Router<String> r =
                new Router<String>().add("GET", "/files/{name}", "file").add("GET", "/all/{p+}", "all");
        assertThat(r.match("GET", path("/files/a%3Bb%20c")).pathParameters()).containsEntry("name", "a;b c");
        Router.Match<String> g = r.match("GET", path("/all/x%20y/z"));
        assertThat(g.pathParameters()).containsEntry("p", "x y/z");
        assertThat(g.greedySegments()).isEqualTo(List.of("x y", "z"));
    }

    @Test
    void encodedSlashMatchesNoParameterAsAwsReadsItAsASeparator() throws Exception {
        Router<String> r =
                new Router<String>().add("GET", "/files/{name}", "file").add("GET", "/all/{p+}", "all");
        assertThat(r.match("GET", path("/files/a%2Fb"))).isNull();
        assertThat(r.match("GET", path("/all/x%2Fy/z"))).isNull();
    }

    @Test
    void greedyParameterTakesAnEncodedSlashOnlyWhenTheApiOptsIn() throws Exception {
        Router<String> r =
                new Router<String>(true).add("GET", "/files/{name}", "file").add("GET", "/all/{p+}", "all");
        assertThat(r.match("GET", path("/files/a%2Fb"))).isNull();
        Router.Match<String> g = r.match("GET", path("/all/x%2Fy/z"));
        assertThat(g.pathParameters()).containsEntry("p", "x/y/z");
        assertThat(g.greedySegments()).isEqualTo(List.of("x/y", "z"));
    }

    @Test
    void failedBranchLeavesNoStaleParameters() throws Exception {
        Router<String> r = new Router<String>().add("GET", "/{a}/x", "ax").add("GET", "/{proxy+}", "greedy");
        Router.Match<String> m = r.match("GET", path("/1/y"));
        assertThat(m.value()).isEqualTo("greedy");
        assertThat(m.pathParameters()).containsOnlyKeys("proxy");
    }
}
