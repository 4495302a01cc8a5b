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
}
