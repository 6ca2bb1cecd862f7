package dev.garrison.waf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an 8-bit greyscale PNG (RFC 2083): its signature, a header, the rows (each led by filter
 * type 0, none) deflated at the fastest level, and the end. ImageIO's writer tried each filter on
 * each row and deflated harder, and took 1.2 ms of a CAPTCHA image's 1.3 for a noisy picture that
 * does not compress much either way.
 */
final class GreyPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private GreyPng() {}

    /** The PNG of {@code pixels}, {@code width} by {@code height} grey levels (0 black to 255 white), row by row. */
    static byte[] encode(int[] pixels, int width, int height) {
        byte[] raw = new byte[(width + 1) * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raw[y * (width + 1) + 1 + x] = (byte) pixels[y * width + x];
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                compressed.write(chunk, 0, deflater.deflate(chunk));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(compressed.size() + 64);
        png.writeBytes(SIGNATURE);
        // width, height, bit depth 8, colour type 0 (grey), compression 0, filter method 0, no interlace
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A chunk: its length, type, data, and the CRC-32 of its type and data. */
    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(name);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
