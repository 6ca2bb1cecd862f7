package dev.garrison.platform.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * An operation's wire description.
 *
 * @param name the operation name
 * @param httpMethod the REST method
 * @param requestUri the REST URI template, possibly with a literal query part
 * @param responseCode the status of a successful answer
 * @param input the input shape, or null
 * @param output the output shape, or null
 * @param resultWrapper the Query protocol's result element, or null
 */
public record OperationModel(
        String name,
        String httpMethod,
        String requestUri,
        int responseCode,
        @Nullable String input,
        @Nullable String output,
        @Nullable String resultWrapper) {

    static OperationModel of(String name, JsonNode node) {
        JsonNode http = node.path("http");
        JsonNode output = node.get("output");
        return new OperationModel(
                name,
                http.path("method").asText("POST"),
                http.path("requestUri").asText("/"),
                http.path("responseCode").asInt(200),
                node.has("input") ? node.get("input").get("shape").asText() : null,
                output == null ? null : output.get("shape").asText(),
                output == null || !output.has("resultWrapper") ? null : output.get("resultWrapper").asText());
    }
}
