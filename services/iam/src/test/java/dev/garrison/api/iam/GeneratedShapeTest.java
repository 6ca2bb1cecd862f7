package dev.garrison.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.platform.core.ShapeValidation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generated shapes whose member names collide with the generator's own names (Path) still validate the member. */
class GeneratedShapeTest {
    @Test
    void aMemberNamedPathIsValidatedItself() {
        ShapeValidation validation = new ShapeValidation();
        CreateUserRequest.builder().userName("bob").path("no-slashes").build().validate(validation, "");
        assertThat(validation.message()).startsWith("1 validation error detected: Value 'no-slashes' at 'path' failed to"
                + " satisfy constraint: Member must satisfy regular expression pattern:");
    }

    @Test
    void aValidPathPasses() {
        ShapeValidation validation = new ShapeValidation();
        CreateUserRequest.builder().userName("bob").path("/division/").build().validate(validation, "");
        assertThat(validation.hasErrors()).isFalse();
    }

    @Test
    void treeRoundTripKeepsThePath() {
        CreateUserRequest request = CreateUserRequest.fromTree(Map.of("UserName", "bob", "Path", "/a/"));
        assertThat(request.toTree()).containsEntry("Path", "/a/").containsEntry("UserName", "bob");
        assertThat(request.toBuilder().build()).isEqualTo(request);
    }
}
