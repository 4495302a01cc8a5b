package dev.argus.zoo.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Files of the awkward kinds users have (shared with hdfs-layout's fixtures) go through decode and encode. */
class RealImageTypesTest {

    @ParameterizedTest
    @CsvSource({"cmyk.jpg, 72, 40, true", "ycck.jpg, 70, 50, true", "gray16.png, 48, 48, false", "alpha.png, 40, 40, true"})
    void decodesAndEncodesToAPlausibleTensor(String file, int width, int height, boolean rgb) throws IOException {
        byte[] bytes;
        try (InputStream in = RealImageTypesTest.class.getResourceAsStream("/images/" + file)) {
            bytes = in.readAllBytes();
        }
        BufferedImage image = ImageDecoder.decode(bytes, file);
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        if (rgb) {
            // the JDK's own reader hands back raw CMYK and converts it without Adobe's inversion: washed-out colours
            assertEquals(ColorSpace.TYPE_RGB, image.getColorModel().getColorSpace().getType(), file + " decoded to RGB");
        }

        InputEncoder encoder = new InputEncoder(new InputSpec(32, 32, InputSpec.Layout.NCHW, "RGB",
                InputSpec.Resize.LETTERBOX, 0f), Normalization.UNIT_RANGE);
        INDArray x = encoder.encode(List.of(image)).input();
        assertArrayEquals(new long[]{1, 3, 32, 32}, x.shape());
        assertTrue(x.minNumber().floatValue() >= 0f && x.maxNumber().floatValue() <= 1f, file + ": values in [0, 1]");
        assertTrue(x.stdNumber().floatValue() > 0.05f, file + ": the picture survived (not one flat colour)");
    }

    /**
     * One pixel of each four-channel JPEG, its RGB worked out by hand from the samples the file stores
     * (read raw with {@code ImageReader.readRaster}). cmyk.jpg (Adobe transform 0) at (36, 20) stores the
     * inverted CMYK 140, 156, 39, 208, so R = 140 * 208 / 255 = 114, G = 156 * 208 / 255 = 127, B = 32.
     * ycck.jpg (transform 2) at (35, 25) stores Y 105, Cb 57, Cr 206, K' 169: YCC to RGB gives the C, M, Y
     * 214, 74, 0 (clamped), so R = (255 - 214) * 169 / 255 = 27, G = 120, B = 169. A reader that skips
     * Adobe's inversion or the YCC step (the JDK's own) gives other colours entirely; decoded here within 1.
     */
    @ParameterizedTest
    @CsvSource({"cmyk.jpg, 36, 20, 114, 127, 32", "ycck.jpg, 35, 25, 27, 120, 169"})
    void aKnownFourChannelPixelDecodesToItsRgb(String file, int x, int y, int r, int g, int b) throws IOException {
        byte[] bytes;
        try (InputStream in = RealImageTypesTest.class.getResourceAsStream("/images/" + file)) {
            bytes = in.readAllBytes();
        }
        int rgb = ImageDecoder.decode(bytes, file).getRGB(x, y);
        String at = file + " (" + x + ", " + y + ") decoded to " + ((rgb >> 16) & 0xFF) + ", " + ((rgb >> 8) & 0xFF) + ", "
                + (rgb & 0xFF);
        assertEquals(r, (rgb >> 16) & 0xFF, 3, at);
        assertEquals(g, (rgb >> 8) & 0xFF, 3, at);
        assertEquals(b, rgb & 0xFF, 3, at);
    }
}
