package dev.garrison.app;

import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;

/**
 * KMS clients of the tests: against a test Garrison, in a region, signing with the test's clock,
 * so a test that moves its clock days ahead (rotation, deletion windows) still signs in time.
 */
final class KmsClients {
    private KmsClients() {}

    static KmsClient of(TestServer garrison, AwsCredentialsProvider credentials, Region region, Clock clock) {
        KmsAuthSchemeProvider defaults = KmsAuthSchemeProvider.defaultProvider();
        return KmsClient.builder().endpointOverride(garrison.endpoint()).region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(p -> defaults.resolveAuthScheme(p).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build()).toList())
                .build();
    }
}
