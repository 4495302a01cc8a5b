package dev.argus.zoo.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The subsampled read behind ingest's decode check and detect's decode, and the reduced decode on top of it. */
class ReducedDecodeTest {

    @Test
    void reducedDecodeNeverGoesBelowTheNetworkInput() {
        assertEquals(2, ReducedDecode.step(1920, 1440, 512, 512)); // 960x720; a step of 3 would leave 480 rows
        assertEquals(3, ReducedDecode.step(2048, 1600, 512, 512)); // 683x534
        assertEquals(1, ReducedDecode.step(800, 600, 512, 512));
        assertEquals(1, ReducedDecode.step(0, 0, 512, 512)); // header size unknown: decode in full
        assertEquals(1, ReducedDecode.step(4000, 3000, 0, 0)); // no input size: decode in full
    }

    @Test
    void largeImageIsReadAtEveryStepthPixelAndBoxesComeBackInOriginalPixels() throws IOException {
        byte[] png = encode(withWhiteBox(640, 480, 140, 70, 350, 350), "png");

        ReducedDecode reduced = ReducedDecode.decode(png, "big.png", 640, 480, 64, 64); // step 7
        assertEquals(92, reduced.image().getWidth()); // ceil(640 / 7)
        assertEquals(69, reduced.image().getHeight()); // ceil(480 / 7)
        assertEquals(Color.WHITE.getRGB(), reduced.image().getRGB(30, 20)); // (210, 140) in the original
        Detection found = new Detection(0, "box", 0.9f, 20f, 10f, 50f, 50f);
        Detection back = reduced.toOriginal(List.of(found)).get(0);
        assertEquals(20f * 640 / 92, back.x1(), 1e-3f);
        assertEquals(50f * 480 / 69, back.y2(), 1e-3f);

        ReducedDecode full = ReducedDecode.decode(png, "big.png", 640, 480, 0, 0);
        assertEquals(640, full.image().getWidth());
        assertEquals(List.of(found), full.toOriginal(List.of(found)));
    }

    @Test
    void stepOneIsTheFullImagePixelForPixel() throws IOException {
        BufferedImage original = withWhiteBox(50, 40, 5, 5, 20, 30);
        BufferedImage read = SubsampledRead.firstFrame(encode(original, "png"), 1).orElseThrow().image();
        assertEquals(50, read.getWidth());
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                assertEquals(original.getRGB(x, y) & 0xffffff, read.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void truncatedJpegReadsWithTheDecodersWarning() throws IOException {
        byte[] jpeg = encode(withWhiteBox(320, 240, 10, 10, 100, 100), "jpeg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertEquals(List.of(), SubsampledRead.firstFrame(jpeg, 2).orElseThrow().warnings());
        List<String> warnings = SubsampledRead.firstFrame(truncated, 2).orElseThrow().warnings();
        // e.g. [Truncated File - Missing EOI marker, Corrupt JPEG data: premature end of data segment]
        assertTrue(warnings.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("premature end")), warnings.toString());
    }

    @Test
    void bytesNoReaderTakesGiveNothingAndTheFullDecodeSaysWhy() throws IOException {
        byte[] text = "not an image at all".getBytes(StandardCharsets.UTF_8);
        assertTrue(SubsampledRead.firstFrame(text, 4).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SubsampledRead.firstFrame(text, 0));
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> ReducedDecode.decode(text, "notes.jpg", 4000, 3000, 512, 512));
        assertTrue(e.getMessage().startsWith("notes.jpg: not an image format this JVM can read"), e.getMessage());
    }

    private static BufferedImage withWhiteBox(int width, int height, int x1, int y1, int x2, int y2) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(x1, y1, x2 - x1, y2 - y1);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }
}
