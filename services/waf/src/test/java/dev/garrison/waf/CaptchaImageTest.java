package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CaptchaImageTest {
    @Test
    void aPuzzleIsAGreyPngOfItsSizeDrawnAnewEachTime() throws Exception {
        byte[] png = CaptchaImage.render("482913");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image.getWidth()).isEqualTo(CaptchaImage.WIDTH);
        assertThat(image.getHeight()).isEqualTo(CaptchaImage.HEIGHT);
        assertThat(image.getRaster().getNumBands()).isEqualTo(1);
        // dark ink (digits, lines, speckle) on a light background
        int[] grey = image.getRaster().getPixels(0, 0, CaptchaImage.WIDTH, CaptchaImage.HEIGHT, (int[]) null);
        assertThat(Arrays.stream(grey).filter(g -> g < 80).count()).isGreaterThan(200);
        assertThat(CaptchaImage.render("482913")).as("its noise and placement are drawn anew").isNotEqualTo(png);
    }
}
