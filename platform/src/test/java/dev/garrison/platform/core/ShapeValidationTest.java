package dev.garrison.platform.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ShapeValidationTest {
    @Test
    void oneErrorIsWordedAsAws() {
        ShapeValidation v = new ShapeValidation();
        v.maxValue(1025, 1024, "1024", 1025, "numberOfBytes");
        assertThat(v.message()).isEqualTo("1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy"
                + " constraint: Member must have value less than or equal to 1024");
    }

    @Test
    void severalErrorsAreJoinedWithSemicolons() {
        ShapeValidation v = new ShapeValidation();
        v.missing("keyId");
        v.enumValue("AES", List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1"), false, "encryptionAlgorithm");
        assertThat(v.message()).isEqualTo("2 validation errors detected: Value null at 'keyId' failed to satisfy constraint:"
                + " Member must not be null; Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must"
                + " satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1]");
    }

    @Test
    void sensitiveValuesAreNeverShown() {
        ShapeValidation v = new ShapeValidation();
        v.maxLength(5000, 4096, "top secret".getBytes(), true, "plaintext");
        assertThat(v.message()).doesNotContain("top secret").contains("Value '*** Sensitive Data Redacted ***' at 'plaintext'");
    }

    @Test
    void blobsShowOnlyTheirLength() {
        ShapeValidation v = new ShapeValidation();
        v.minLength(0, 1, new byte[0], false, "ciphertextBlob");
        assertThat(v.message()).contains("Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob'");
    }

    @Test
    void listElementConstraintsAreReportedOnTheList() {
        ShapeValidation v = new ShapeValidation();
        ShapeValidation elements = v.nested();
        elements.pattern("bad key!", Pattern.compile("^[a-z]+$"), false, "");
        elements.maxLength(8, 4, "bad key!", false, "");
        v.members(elements, "Member must satisfy constraint", List.of("bad key!"), false, "tagKeys");
        assertThat(v.message()).isEqualTo("1 validation error detected: Value '[bad key!]' at 'tagKeys' failed to satisfy"
                + " constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: ^[a-z]+$,"
                + " Member must have length less than or equal to 4]");
    }
}
