package dev.garrison.waf;

import io.netty.handler.ssl.ClientAuth;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK TLS engine, with server contexts that fingerprint clients: how an HTTPS listener learns
 * the JA3 and JA4 of each connection without a second parse of its bytes.
 */
final class FingerprintingEngineOptions extends JdkSSLEngineOptions {
    FingerprintingEngineOptions() {
    }

    private FingerprintingEngineOptions(FingerprintingEngineOptions other) {
        super(other);
    }

    @Override
    public JdkSSLEngineOptions copy() {
        return new FingerprintingEngineOptions(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory jdk = super.sslContextFactory();
        return new SslContextFactory() {
            private boolean client;

            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                jdk.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                jdk.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                client = forClient;
                jdk.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
                jdk.keyMananagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
                jdk.trustManagerFactory(factory);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> cipherSuites) {
                jdk.enabledCipherSuites(cipherSuites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> protocols) {
                jdk.applicationProtocols(protocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String serverName) {
                jdk.serverName(serverName);
                return this;
            }

            @Override
            public io.netty.handler.ssl.SslContext create() throws SSLException {
                io.netty.handler.ssl.SslContext context = jdk.create();
                return client ? context : new FingerprintingSslContext(context);
            }
        };
    }
}
