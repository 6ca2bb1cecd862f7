package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields built from the request line and header list: query arguments, header order and URI fragment. */
class RequestFieldsTest {
    static WebRequest get(String path, String query, List<Map.Entry<String, String>> headers) {
        return new WebRequest("GET", path, query, headers, "", 0, 8192, new byte[4], "127.0.0.1", "localhost", null);
    }

    @Test
    void headerOrderJoinsTheNamesAsReceived() {
        WebRequest request = get("/", "", List.of(Map.entry("Host", "x"), Map.entry("User-Agent", "curl"),
                Map.entry("accept", "*/*")));
        assertThat(new HeaderOrderField(Oversize.CONTINUE).values(request)).containsExactly("Host:User-Agent:accept");
        assertThat(new HeaderOrderField(Oversize.MATCH).oversize(request)).isNull();
    }

    @Test
    void aUriFragmentIsReadOrTakesTheFallback() {
        assertThat(new UriFragmentField(null).values(get("/page#section-2", "", List.of()))).containsExactly("section-2");
        assertThat(new UriFragmentField(null).values(get("/page", "a=1#top", List.of()))).containsExactly("top");
        assertThat(new UriFragmentField("MATCH").oversize(get("/page", "", List.of()))).isTrue();
        assertThat(new UriFragmentField("NO_MATCH").oversize(get("/page", "", List.of()))).isFalse();
        assertThat(new UriFragmentField("MATCH").oversize(get("/page#x", "", List.of()))).isNull();
        assertThat(new UriFragmentField(null).values(get("/page", "", List.of()))).containsExactly("");
    }

    @Test
    void queryArgumentsSplitAtEveryAmpersandAndTheirFirstEquals() {
        assertThat(get("/", "a=1&&b=2&c&=x&d=e=f&", List.of()).queryArguments()).containsExactly(Map.entry("a", "1"),
                Map.entry("b", "2"), Map.entry("c", ""), Map.entry("", "x"), Map.entry("d", "e=f"));
        assertThat(get("/", "&c", List.of()).queryArguments()).containsExactly(Map.entry("c", ""));
        assertThat(get("/", "", List.of()).queryArguments()).isEmpty();
        assertThat(get("/", "a&b=1", List.of()).queryArguments()).containsExactly(Map.entry("a", ""), Map.entry("b", "1"));
        assertThat(new AllQueryArgumentsField().values(get("/", "q=blue+shoes&size=42", List.of())))
                .containsExactly("blue+shoes", "42");
    }

    @Test
    void mapScopesAndPatternsPickThePairsAndPartsAsked() {
        List<Map.Entry<String, String>> pairs = List.of(Map.entry("Session", "s1"), Map.entry("theme", "dark"));
        assertThat(MapScope.KEY.of(pairs)).containsExactly("Session", "theme");
        assertThat(MapScope.VALUE.of(pairs)).containsExactly("s1", "dark");
        assertThat(MapScope.ALL.of(pairs)).containsExactly("Session", "s1", "theme", "dark");
        assertThat(PairPattern.of(List.of("session"), null, true).select(pairs)).containsExactly(Map.entry("Session", "s1"));
        assertThat(PairPattern.of(List.of("session"), null, false).select(pairs)).isEmpty();
        assertThat(PairPattern.of(null, List.of("SESSION"), true).select(pairs)).containsExactly(Map.entry("theme", "dark"));
        assertThat(PairPattern.of(null, null, true).select(pairs)).isEqualTo(pairs);
    }
}
