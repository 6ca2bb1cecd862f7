package dev.garrison.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaNamesTest {
    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource({
        "KeyId, keyId, keyId",
        "ARN, arn, ARN",
        "KMSKeyArn, kmsKeyArn, KMSKeyArn",
        "NumberOfBytes, numberOfBytes, numberOfBytes",
        "Default, default_, default",
        "Equals, equals_, equals",
        "IPSetReferenceStatement, ipSetReferenceStatement, IPSetReferenceStatement",
    })
    void namesMembers(String model, String field, String validationPath) {
        assertThat(JavaNames.member(model)).isEqualTo(field);
        assertThat(JavaNames.validationPath(model)).isEqualTo(validationPath);
    }
}
