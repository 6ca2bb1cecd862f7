package dev.garrison.waf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Reassembles a TLS ClientHello from the first bytes a client sends: handshake records (type 22)
 * whose fragments together hold one handshake message of type 1.
 */
final class ClientHelloRecords {
    private ClientHelloRecords() {}

    /** What the bytes so far amount to. */
    sealed interface Result permits Incomplete, Hello, NotHello {}

    /** More bytes are needed. */
    record Incomplete() implements Result {}

    /** The ClientHello's body, after its 4-byte handshake header. */
    record Hello(ByteBuffer body) implements Result {}

    /** The bytes are not a TLS ClientHello. */
    record NotHello() implements Result {}

    /** What the first {@code length} bytes of {@code data} amount to. */
    static Result read(byte[] data, int length) {
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        int at = 0;
        while (at + 5 <= length) {
            if (data[at] != 22) {
                return new NotHello();
            }
            int fragment = (data[at + 3] & 0xff) << 8 | data[at + 4] & 0xff;
            if (at + 5 + fragment > length) {
                handshake.write(data, at + 5, length - at - 5);
                break;
            }
            handshake.write(data, at + 5, fragment);
            at += 5 + fragment;
            Result result = hello(handshake.toByteArray());
            if (!(result instanceof Incomplete)) {
                return result;
            }
        }
        return hello(handshake.toByteArray());
    }

    private static Result hello(byte[] handshake) {
        if (handshake.length == 0) {
            return new Incomplete();
        }
        if (handshake[0] != 1) {
            return new NotHello();
        }
        if (handshake.length < 4) {
            return new Incomplete();
        }
        int size = (handshake[1] & 0xff) << 16 | (handshake[2] & 0xff) << 8 | handshake[3] & 0xff;
        return handshake.length - 4 < size ? new Incomplete() : new Hello(ByteBuffer.wrap(handshake, 4, size).slice());
    }
}
