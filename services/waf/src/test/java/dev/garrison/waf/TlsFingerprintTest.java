package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** JA3 and JA4 of ClientHellos built byte by byte, checked against the published examples. */
class TlsFingerprintTest {
    /** A TLS extension: its type and data. */
    record Extension(int type, byte[] data) {}

    static byte[] u16(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : values) {
            out.write(v >> 8);
            out.write(v);
        }
        return out.toByteArray();
    }

    static byte[] prefixed16(byte[] body) {
        return concat(u16(body.length), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A ClientHello body (after the handshake header). */
    static byte[] hello(int version, int[] ciphers, Extension... extensions) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Extension e : extensions) {
            all.writeBytes(u16(e.type()));
            all.writeBytes(prefixed16(e.data()));
        }
        return concat(u16(version), new byte[32], new byte[] {0}, prefixed16(u16(ciphers)), new byte[] {1, 0},
                prefixed16(all.toByteArray()));
    }

    /** The hello as a client sends it: a handshake message split over TLS records of at most {@code size} bytes. */
    static byte[] records(byte[] body, int size) {
        byte[] message = concat(new byte[] {1, (byte) (body.length >> 16), (byte) (body.length >> 8), (byte) body.length}, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < message.length; at += size) {
            byte[] fragment = Arrays.copyOfRange(message, at, Math.min(message.length, at + size));
            out.writeBytes(new byte[] {22, 3, 1});
            out.writeBytes(prefixed16(fragment));
        }
        return out.toByteArray();
    }

    @Test
    void ja3MatchesThePublishedExample() {
        byte[] body = hello(769, new int[] {47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4},
                new Extension(0, concat(prefixed16(concat(new byte[] {0}, prefixed16("example.com".getBytes(StandardCharsets.US_ASCII)))))),
                new Extension(10, prefixed16(u16(23, 24, 25))),
                new Extension(11, new byte[] {1, 0}));
        TlsFingerprint tls = TlsFingerprint.of(ByteBuffer.wrap(body));
        assertThat(tls.ja3()).isEqualTo("ada70206e40642a3e4461f35503241d5");
    }

    @Test
    void ja4MatchesThePublishedExampleWhateverTheOrderAndGrease() {
        byte[] sni = prefixed16(concat(new byte[] {0}, prefixed16("example.com".getBytes(StandardCharsets.US_ASCII))));
        byte[] alpn = prefixed16(concat(new byte[] {2}, "h2".getBytes(StandardCharsets.US_ASCII), new byte[] {8},
                "http/1.1".getBytes(StandardCharsets.US_ASCII)));
        byte[] body = hello(0x0303,
                new int[] {0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                        0x009c, 0x009d, 0x002f, 0x0035},
                new Extension(0x1a1a, new byte[0]),
                new Extension(0x0000, sni),
                new Extension(0x0017, new byte[0]),
                new Extension(0xff01, new byte[] {0}),
                new Extension(0x000a, prefixed16(u16(0x2a2a, 0x001d, 0x0017, 0x0018))),
                new Extension(0x000b, new byte[] {1, 0}),
                new Extension(0x0023, new byte[0]),
                new Extension(0x0010, alpn),
                new Extension(0x0005, new byte[] {1, 0, 0, 0, 0}),
                new Extension(0x000d, prefixed16(u16(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601))),
                new Extension(0x0012, new byte[0]),
                new Extension(0x0033, new byte[0]),
                new Extension(0x002d, new byte[] {1, 1}),
                new Extension(0x002b, concat(new byte[] {6}, u16(0x3a3a, 0x0304, 0x0303))),
                new Extension(0x001b, new byte[0]),
                new Extension(0x4469, new byte[0]),
                new Extension(0x0015, new byte[0]));
        TlsFingerprint tls = TlsFingerprint.of(ByteBuffer.wrap(body));
        assertThat(tls.ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(tls.ja3()).isEqualTo(TlsFingerprint.md5("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172"
                + "-156-157-47-53,0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0"));

        byte[] sent = records(body, 100);
        for (int cut = 0; cut < sent.length; cut += 37) {
            assertThat(ClientHelloRecords.read(sent, cut)).as("%d bytes", cut).isInstanceOf(ClientHelloRecords.Incomplete.class);
        }
        ClientHelloRecords.Result whole = ClientHelloRecords.read(sent, sent.length);
        assertThat(whole).isInstanceOf(ClientHelloRecords.Hello.class);
        assertThat(TlsFingerprint.of(((ClientHelloRecords.Hello) whole).body())).isEqualTo(tls);
    }

    @Test
    void whatIsNotAHelloIsNoFingerprint() {
        assertThat(ClientHelloRecords.read("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 16))
                .isInstanceOf(ClientHelloRecords.NotHello.class);
        assertThat(TlsFingerprint.of(ByteBuffer.wrap(new byte[] {3, 3, 0}))).isNull();
        byte[] lying = hello(0x0303, new int[] {0x1301});
        lying[35] = (byte) 0xff;
        assertThat(TlsFingerprint.of(ByteBuffer.wrap(lying))).isNull();
        assertThat(TlsFingerprint.grease(0x0a0a)).isTrue();
        assertThat(TlsFingerprint.grease(0x0a1a)).isFalse();
    }
}
