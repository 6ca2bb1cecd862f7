package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class GreyPngTest {
    @Test
    void aDecoderReadsBackEveryGreyLevelWhereItWasWritten() throws Exception {
        int width = 37;
        int height = 11;
        int[] pixels = new int[width * height];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i < 256 ? i : random.nextInt(256);
        }

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(GreyPng.encode(pixels, width, height)));

        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(image.getRaster().getNumBands()).isEqualTo(1);
        assertThat(image.getRaster().getPixels(0, 0, width, height, (int[]) null)).containsExactly(pixels);
    }
}
