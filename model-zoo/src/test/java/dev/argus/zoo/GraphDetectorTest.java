package dev.argus.zoo;

import dev.argus.zoo.network.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.postprocess.CenterNetDecoder;
import dev.argus.zoo.preprocess.InputEncoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The detector pipeline end to end on a real (tiny) SameDiff graph: a "red-spot CenterNet" at stride 1
 * whose heatmap is the red channel and whose boxes reach 4 px from the peak on every side.
 */
class GraphDetectorTest {

    private static final InputSpec INPUT = new InputSpec(16, 16, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.LETTERBOX, 0f);

    @Test
    void findsEachImagesSpotInItsOwnPixels() {
        try (GraphDetector detector = detector(-1)) {
            List<List<Detection>> found = detector.detect(List.of(
                    spot(32, 16, 20, 4, 4),     // wide: letterboxed with bands top and bottom
                    spot(16, 48, 4, 30, 6)));   // tall: bands left and right

            assertEquals(2, found.size());
            assertSpotFound(found.get(0), 20, 4, 4);
            assertSpotFound(found.get(1), 4, 30, 6);
        }
    }

    @Test
    void aNetworkWithAFixedBatchSizeIsRunInChunks() {
        try (GraphDetector detector = detector(1)) {
            assertEquals(1, detector.maxBatch());
            List<List<Detection>> found = detector.detect(List.of(spot(16, 16, 2, 2, 2), spot(16, 16, 10, 12, 2), spot(32, 32, 8, 8, 4)));
            assertEquals(3, found.size());
            assertSpotFound(found.get(0), 2, 2, 2);
            assertSpotFound(found.get(1), 10, 12, 2);
            assertSpotFound(found.get(2), 8, 8, 4);
        }
    }

    @Test
    void anImageWithNothingInItGetsAnEmptyList() {
        try (GraphDetector detector = detector(-1)) {
            assertEquals(List.of(List.of()), detector.detect(List.of(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB))));
        }
    }

    @Test
    void refusesANetworkWhoseInputDisagreesWithTheManifest() {
        SameDiff sd = SameDiff.create();
        sd.placeHolder("image", DataType.FLOAT, -1, 32, 32, 3);
        Network wrong = new SameDiffNetwork(sd, "image", new long[]{-1, 32, 32, 3}, List.of());

        BundleException e = assertThrows(BundleException.class, () -> new GraphDetector("spots/1", wrong,
                new InputEncoder(INPUT, Normalization.UNIT_RANGE), decoder(), List.of("spot")));
        assertEquals("spots/1: the network's input 'image' has shape [-1, 32, 32, 3] but the manifest says 16x16 NHWC"
                + " with 3 channels, i.e. [n, 16, 16, 3]", e.getMessage());
    }

    @Test
    void namesTheModelWhenTheNetworkFails() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("image", DataType.FLOAT, -1, -1, -1, 3);
        sd.reshape("hm", in, 7, 13); // cannot hold 16*16*3 values
        Network broken = new SameDiffNetwork(sd, "image", new long[]{-1, -1, -1, 3}, List.of("hm"));

        try (GraphDetector detector = new GraphDetector("spots/1", broken, new InputEncoder(INPUT, Normalization.UNIT_RANGE),
                decoder(), List.of("spot"))) {
            DetectionException e = assertThrows(DetectionException.class, () -> detector.detect(List.of(spot(16, 16, 2, 2, 2))));
            assertTrue(e.getMessage().startsWith("spots/1: the network failed on a batch of 1 image(s), input shape [1, 16, 16, 3]"),
                    e.getMessage());
        }
    }

    private static void assertSpotFound(List<Detection> found, int x, int y, int size) {
        assertEquals(1, found.size(), "one spot, one detection: " + found);
        Detection d = found.get(0);
        assertEquals("spot", d.label());
        assertTrue(d.score() > 0.5f, "score " + d.score());
        float cx = (d.x1() + d.x2()) / 2;
        float cy = (d.y1() + d.y2()) / 2;
        assertTrue(cx >= x - 1 && cx <= x + size + 1 && cy >= y - 1 && cy <= y + size + 1,
                "box " + d + " should be centred on the spot at " + x + "," + y);
    }

    private static GraphDetector detector(long batch) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("image", DataType.FLOAT, batch, 16, 16, 3);
        SDVariable red = in.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1));
        // red minus green: a white background is no spot
        SDVariable green = in.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(1, 2));
        SDVariable heat = sd.identity("hm", red.sub(green));
        SDVariable four = heat.mul(0).add(4);
        sd.concat("wh", 3, four, four, four, four);
        Network net = new SameDiffNetwork(sd, "image", new long[]{batch, 16, 16, 3}, List.of("hm", "wh"));
        return new GraphDetector("spots/1", net, new InputEncoder(INPUT, Normalization.UNIT_RANGE), decoder(), List.of("spot"));
    }

    private static CenterNetDecoder decoder() {
        return new CenterNetDecoder(new DecoderSpec("centernet", Map.of("heatmap_output", "hm", "size_output", "wh",
                "stride", 1, "score_threshold", 0.5, "nms_iou", 0.3)), 1);
    }

    private static BufferedImage spot(int w, int h, int x, int y, int size) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(x, y, size, size);
        g.dispose();
        return img;
    }
}
