package dev.argus.zoo.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.InputSpec.Layout;
import dev.argus.zoo.bundle.InputSpec.Resize;
import dev.argus.zoo.bundle.Normalization;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PreprocessTest {

    private static final Normalization IDENTITY = new Normalization(1f, new float[3], new float[]{1, 1, 1});

    @Test
    void letterboxMappingCentresAWideImageAndMapsBack() {
        BoxMapping m = BoxMapping.letterbox(200, 100, 64, 64);
        assertEquals(64, m.placedWidth());
        assertEquals(32, m.placedHeight());
        assertEquals(0f, m.offsetX());
        assertEquals(16f, m.offsetY());
        assertEquals(0f, m.toImageY(16f), 1e-4);
        assertEquals(100f, m.toImageY(48f), 1e-4);
        assertEquals(50f, m.toImageX(16f), 1e-4);
        // the padding maps outside the image and is clamped to it
        assertEquals(0f, m.toImageY(2f));
        assertEquals(100f, m.toImageY(63f));
        assertEquals(200f, m.toImageX(70f));
    }

    @Test
    void stretchMappingScalesEachAxis() {
        BoxMapping m = BoxMapping.stretch(200, 100, 64, 64);
        assertEquals(100f, m.toImageX(32f), 1e-4);
        assertEquals(50f, m.toImageY(32f), 1e-4);
    }

    @Test
    void letterboxPadsTheBordersWithThePadValue() {
        Letterbox box = new Letterbox(new InputSpec(8, 8, Layout.NHWC, "RGB", Resize.LETTERBOX, 114f));
        box.place(solid(20, 10, new Color(200, 0, 0)));

        BufferedImage c = box.canvas();
        for (int x = 0; x < 8; x++) {
            assertEquals(0x727272, c.getRGB(x, 0) & 0xFFFFFF, "top border at x=" + x);
            assertEquals(0x727272, c.getRGB(x, 1) & 0xFFFFFF);
            for (int y = 2; y < 6; y++) {
                assertEquals(0xC80000, c.getRGB(x, y) & 0xFFFFFF, "image at " + x + "," + y);
            }
            assertEquals(0x727272, c.getRGB(x, 6) & 0xFFFFFF);
            assertEquals(0x727272, c.getRGB(x, 7) & 0xFFFFFF, "bottom border at x=" + x);
        }
    }

    @Test
    void stretchFillsTheWholeInput() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 2, 2);
        g.setColor(Color.BLUE);
        g.fillRect(2, 0, 2, 2);
        g.dispose();
        Letterbox box = new Letterbox(new InputSpec(8, 8, Layout.NHWC, "RGB", Resize.STRETCH, 0f));
        box.place(img);

        for (int y = 0; y < 8; y++) {
            assertEquals(0xFF0000, box.canvas().getRGB(0, y) & 0xFFFFFF);
            assertEquals(0xFF0000, box.canvas().getRGB(2, y) & 0xFFFFFF);
            assertEquals(0x0000FF, box.canvas().getRGB(5, y) & 0xFFFFFF);
            assertEquals(0x0000FF, box.canvas().getRGB(7, y) & 0xFFFFFF);
        }
    }

    @Test
    void encodesNhwcRgbWithNormalisation() {
        InputEncoder enc = new InputEncoder(new InputSpec(4, 4, Layout.NHWC, "RGB", Resize.STRETCH, 0f),
                new Normalization(1f, new float[]{1, 2, 3}, new float[]{2, 2, 2}));
        INDArray x = enc.encode(List.of(solid(7, 5, new Color(10, 20, 30)))).input();

        assertArrayEquals(new long[]{1, 4, 4, 3}, x.shape());
        assertArrayEquals(new float[]{4.5f, 9f, 13.5f}, new float[]{x.getFloat(0, 3, 2, 0), x.getFloat(0, 3, 2, 1), x.getFloat(0, 3, 2, 2)});
    }

    @Test
    void encodesNchwBgrWithMeanAndStdInModelChannelOrder() {
        InputEncoder enc = new InputEncoder(new InputSpec(4, 2, Layout.NCHW, "BGR", Resize.STRETCH, 0f),
                new Normalization(1f, new float[]{1, 2, 3}, new float[]{1, 2, 4}));
        INDArray x = enc.encode(List.of(solid(3, 3, new Color(10, 20, 30)))).input();

        assertArrayEquals(new long[]{1, 3, 2, 4}, x.shape());
        assertEquals((30 - 1) / 1f, x.getFloat(0, 0, 1, 3), 1e-5); // B first
        assertEquals((20 - 2) / 2f, x.getFloat(0, 1, 0, 0), 1e-5);
        assertEquals((10 - 3) / 4f, x.getFloat(0, 2, 1, 2), 1e-5);
    }

    @Test
    void unitRangeScaleMapsWhiteToOne() {
        InputEncoder enc = new InputEncoder(new InputSpec(2, 2, Layout.NHWC, "RGB", Resize.STRETCH, 0f),
                Normalization.UNIT_RANGE);
        INDArray x = enc.encode(List.of(solid(2, 2, Color.WHITE))).input();
        assertEquals(1f, x.minNumber().floatValue(), 1e-6);
        assertEquals(1f, x.maxNumber().floatValue(), 1e-6);
    }

    @Test
    void greyBecomesThreeEqualChannelsWithoutGammaShift() {
        BufferedImage grey = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        Arrays.fill(data, (byte) 100);
        InputEncoder enc = new InputEncoder(new InputSpec(5, 5, Layout.NHWC, "RGB", Resize.STRETCH, 0f), IDENTITY);
        INDArray x = enc.encode(List.of(grey)).input();

        assertEquals(100f, x.minNumber().floatValue(), 1e-6);
        assertEquals(100f, x.maxNumber().floatValue(), 1e-6);
    }

    @Test
    void alphaIsDroppedNotBlended() {
        BufferedImage argb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                argb.setRGB(x, y, 0x10FF8000); // nearly transparent orange
            }
        }
        InputEncoder enc = new InputEncoder(new InputSpec(3, 3, Layout.NCHW, "RGB", Resize.STRETCH, 0f), IDENTITY);
        INDArray x = enc.encode(List.of(argb)).input();

        assertEquals(255f, x.getFloat(0, 0, 1, 1), 1e-6);
        assertEquals(128f, x.getFloat(0, 1, 1, 1), 1e-6);
        assertEquals(0f, x.getFloat(0, 2, 1, 1), 1e-6);
    }

    @Test
    void encodesABatchOfDifferentSizesWithOneMappingEach() {
        InputEncoder enc = new InputEncoder(new InputSpec(16, 16, Layout.NHWC, "RGB", Resize.LETTERBOX, 0f), IDENTITY);
        EncodedBatch batch = enc.encode(List.of(solid(32, 16, Color.RED), solid(8, 16, Color.GREEN), solid(16, 16, Color.BLUE)));

        assertArrayEquals(new long[]{3, 16, 16, 3}, batch.input().shape());
        assertEquals(List.of(BoxMapping.letterbox(32, 16, 16, 16), BoxMapping.letterbox(8, 16, 16, 16),
                BoxMapping.letterbox(16, 16, 16, 16)), batch.mappings());
        assertEquals(0f, batch.input().getFloat(0, 0, 8, 0), "wide image: top border is padding");
        assertEquals(255f, batch.input().getFloat(0, 8, 8, 0));
        assertEquals(0f, batch.input().getFloat(1, 8, 0, 1), "tall image: left border is padding");
        assertEquals(255f, batch.input().getFloat(1, 8, 8, 1));
        assertEquals(255f, batch.input().getFloat(2, 0, 0, 2));
    }

    @Test
    void decodesAPng() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(solid(6, 4, Color.CYAN), "png", png);

        BufferedImage decoded = ImageDecoder.decode(png.toByteArray(), "cyan.png");
        assertEquals(6, decoded.getWidth());
        assertEquals(0x00FFFF, decoded.getRGB(3, 2) & 0xFFFFFF);
    }

    @Test
    void namesTheImageThatIsNotAnImage() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode("hello, world".getBytes(), "shard-3/img-17"));
        assertTrue(e.getMessage().startsWith("shard-3/img-17: not an image"), e.getMessage());
    }

    @Test
    void namesTheImageThatIsTruncated() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(solid(64, 64, Color.ORANGE), "png", png);
        byte[] half = Arrays.copyOf(png.toByteArray(), png.size() / 2);

        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half, "broken.png"));
        assertTrue(e.getMessage().startsWith("broken.png: corrupt or truncated image"), e.getMessage());
    }

    @Test
    void refusesEmptyBytes() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new byte[0], "empty"));
        assertEquals("empty: no bytes to decode", e.getMessage());
    }

    static BufferedImage solid(int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
