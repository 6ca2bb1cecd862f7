package dev.garrison.app;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Trusts the self-signed certificates the tests make for their HTTPS listeners; for test clients only. */
final class TrustTestCertificate implements X509TrustManager {
    static final TrustTestCertificate INSTANCE = new TrustTestCertificate();

    private TrustTestCertificate() {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String type) {
        // a server-side check these clients never make
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String type) {
        // the test's own self-signed certificate
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
