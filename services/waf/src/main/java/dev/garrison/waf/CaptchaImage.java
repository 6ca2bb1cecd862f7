package dev.garrison.waf;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Draws a CAPTCHA puzzle's digits as a grey PNG a person reads and a script does not read
 * easily: each digit from a 5-by-7 dot font, at its own size, height and slant, its dots
 * jittered, over speckle, with lines drawn through. No fonts are needed, so it works headless.
 */
final class CaptchaImage {
    static final int WIDTH = 240;
    static final int HEIGHT = 80;
    /**
     * Seeds each image's own generator of its noise, sizes and positions: drawn from this one at
     * every pixel, the image took 6 ms, two thirds of it waiting on the secure generator (the
     * digits themselves are drawn by {@link CaptchaPuzzle}, from a secure generator of its own).
     */
    private static final SecureRandom SEEDS = new SecureRandom();
    /** Rows of each digit, top to bottom, five bits each (the high bit is the left column). */
    private static final int[][] GLYPHS = {
        {0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110},
        {0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110},
        {0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111},
        {0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110},
        {0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010},
        {0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110},
        {0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110},
        {0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000},
        {0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110},
        {0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100},
    };

    private CaptchaImage() {}

    /** The PNG of {@code digits} (characters '0' to '9'). */
    static byte[] render(String digits) {
        SplittableRandom random = new SplittableRandom(SEEDS.nextLong());
        int[] pixels = new int[WIDTH * HEIGHT];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 215 + random.nextInt(41);
        }
        int slot = (WIDTH - 20) / digits.length();
        for (int d = 0; d < digits.length(); d++) {
            int[] glyph = GLYPHS[digits.charAt(d) - '0'];
            int dot = 5 + random.nextInt(2);
            int left = 10 + d * slot + random.nextInt(Math.max(1, slot - 5 * dot));
            int top = 6 + random.nextInt(Math.max(1, HEIGHT - 12 - 7 * dot));
            double slant = (random.nextDouble() - 0.5) * 0.5;
            int ink = 10 + random.nextInt(60);
            for (int row = 0; row < 7; row++) {
                for (int col = 0; col < 5; col++) {
                    if ((glyph[row] >> (4 - col) & 1) == 0) {
                        continue;
                    }
                    int x = left + col * dot + (int) Math.round(slant * (row - 3) * dot) + random.nextInt(3) - 1;
                    int y = top + row * dot + random.nextInt(3) - 1;
                    fill(pixels, x, y, dot, ink);
                }
            }
        }
        for (int line = 0; line < 4; line++) {
            line(pixels, random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT),
                    40 + random.nextInt(80));
        }
        for (int speck = 0; speck < 600; speck++) {
            pixels[random.nextInt(pixels.length)] = random.nextInt(160);
        }
        return GreyPng.encode(pixels, WIDTH, HEIGHT);
    }

    private static void fill(int[] pixels, int left, int top, int size, int ink) {
        for (int y = Math.max(0, top); y < Math.min(HEIGHT, top + size); y++) {
            for (int x = Math.max(0, left); x < Math.min(WIDTH, left + size); x++) {
                pixels[y * WIDTH + x] = ink;
            }
        }
    }

    /** A two-pixel-thick line from (x0, y0) to (x1, y1) (Bresenham). */
    private static void line(int[] pixels, int x0, int y0, int x1, int y1, int ink) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        while (true) {
            fill(pixels, x0, y0, 2, ink);
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int twice = 2 * error;
            if (twice >= dy) {
                error += dy;
                x0 += sx;
            }
            if (twice <= dx) {
                error += dx;
                y0 += sy;
            }
        }
    }
}
