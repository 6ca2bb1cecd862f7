package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** JSON body inspection: scopes, included paths, and what an invalid body falls back to. */
class JsonBodyFieldTest {
    static WebRequest post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebRequest("POST", "/", "", List.of(), new String(bytes, StandardCharsets.ISO_8859_1), bytes.length, 8192, new byte[4], "127.0.0.1", "localhost", null);
    }

    @Test
    void scopesAndPathsSelectWhatIsInspected() {
        WebRequest request = post("{\"user\":{\"name\":\"ann\",\"roles\":[\"admin\",\"dev\"]},\"note\":\"hi\",\"n\":3,\"x\":null}");
        assertThat(new JsonBodyField(MapScope.VALUE, null, null, Oversize.CONTINUE).values(request))
                .containsExactly("ann", "admin", "dev", "hi", "3", "null");
        assertThat(new JsonBodyField(MapScope.KEY, null, null, Oversize.CONTINUE).values(request))
                .containsExactly("user", "name", "roles", "note", "n", "x");
        assertThat(new JsonBodyField(MapScope.VALUE, Set.of("/user/roles"), null, Oversize.CONTINUE).values(request))
                .containsExactly("admin", "dev");
        assertThat(new JsonBodyField(MapScope.ALL, Set.of("/user/roles/1", "/note"), null, Oversize.CONTINUE).values(request))
                .containsExactly("note", "dev", "hi");
    }

    @Test
    void includedPathsSelectWhatLiesAtOrBeneathThemAtAnyDepth() {
        WebRequest request = post("{\"a\":{\"bb\":{\"c\":[1,{\"d\":\"x\"}]}},\"ab\":{\"c\":\"no\"},\"x/y\":{\"~z\":\"v\"}}");
        String deep = "[".repeat(600) + "\"bottom\"" + "]".repeat(600);
        record Case(String body, Set<String> included, List<String> want) {}
        for (Case c : List.of(
                new Case(request.body(), Set.of("/a/bb/c/1"), List.of("x")),
                new Case(request.body(), Set.of("/a/"), List.of("1", "x")),
                new Case(request.body(), Set.of("/ab"), List.of("no")),
                new Case(request.body(), Set.of("/a/b", "/a/bb/c/2"), List.of()),
                new Case(request.body(), Set.of("/x~1y/~0z"), List.of("v")),
                new Case(deep, Set.of("/0/0"), List.of("bottom")),
                new Case(deep, Set.of("/0" + "/0".repeat(599)), List.of("bottom")),
                new Case(deep, Set.of("/1", "/0/0/1"), List.of()))) {
            assertThat(new JsonBodyField(MapScope.VALUE, c.included(), null, Oversize.CONTINUE).values(post(c.body())))
                    .as("%s in %.40s", c.included(), c.body()).containsExactlyElementsOf(c.want());
        }
    }

    @Test
    void textBeyondAsciiIsInspectedAsItsUtf8Bytes() {
        assertThat(new JsonBodyField(MapScope.VALUE, null, null, Oversize.CONTINUE).values(post("{\"name\":\"Jos\u00e9\"}")))
                .containsExactly("Jos\u00c3\u00a9");
    }

    @Test
    void anInvalidBodyTakesTheFallback() {
        WebRequest broken = post("{\"a\":\"first\",\"b\": oops}");
        assertThat(new JsonBodyField(MapScope.VALUE, null, "MATCH", Oversize.CONTINUE).oversize(broken)).isTrue();
        assertThat(new JsonBodyField(MapScope.VALUE, null, "NO_MATCH", Oversize.CONTINUE).oversize(broken)).isFalse();
        assertThat(new JsonBodyField(MapScope.VALUE, null, "EVALUATE_AS_STRING", Oversize.CONTINUE).values(broken))
                .containsExactly("{\"a\":\"first\",\"b\": oops}");
        assertThat(new JsonBodyField(MapScope.VALUE, null, null, Oversize.CONTINUE).values(broken)).containsExactly("first");
        assertThat(new JsonBodyField(MapScope.VALUE, null, null, Oversize.CONTINUE).oversize(broken)).isNull();
    }
}
