package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields built from the request line and header list: header order and URI fragment. */
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
}
