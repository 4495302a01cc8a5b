package dev.argus.jobs.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.argus.jobs.detect.DetectConfig;
import dev.argus.zoo.DecodedImageBatch;
import dev.argus.zoo.ImageBatch;
import dev.argus.zoo.preprocess.EncodedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The detector a task JVM shares: the bundle's own batches, full-size decodes for tiles, passes counted per thread. */
class LoadedDetectorsTest {

    private static final Path BUNDLE = Path.of("../model-zoo/bundles/shapes-centernet-fpn/1");

    @Test
    void aSharedGraphDetectorStillDecodesNativelyIntoItsInputTensor() throws Exception {
        LoadedDetectors.Loaded loaded = LoadedDetectors.obtain(BUNDLE, new Configuration(false));
        assertEquals(128, loaded.input().width(), "plain: images may be decoded down to the network input");
        try (ImageBatch batch = loaded.detector().newBatch(2, 128, 128)) {
            assertFalse(batch instanceof DecodedImageBatch, "the bundle's native batch, not ImageIO pictures: "
                    + batch.getClass().getName());
            long before = loaded.passesOnThisThread();
            batch.put(0, jpeg(640, 480));
            batch.put(1, jpeg(320, 240));
            assertEquals(2, batch.detect(new int[]{0, 1}).size());
            assertEquals(2, loaded.passesOnThisThread() - before, "one pass per image");
        }
    }

    @Test
    void aSlicingDetectorDecodesInFullAndCountsEveryTile() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(DetectConfig.SLICE.key(), "128/0.2");
        LoadedDetectors.Loaded loaded = LoadedDetectors.obtain(BUNDLE, conf);
        assertNull(loaded.input(), "tiles are cut in original pixels: no reduced decode");
        try (ImageBatch batch = loaded.detector().newBatch(1, 0, 0)) {
            assertInstanceOf(DecodedImageBatch.class, batch);
            long before = loaded.passesOnThisThread();
            batch.put(0, jpeg(640, 480));
            batch.detect(new int[]{0});
            assertEquals(1 + 6 * 5, loaded.passesOnThisThread() - before, "the whole image and 6 x 5 tiles");
        }
    }

    private static EncodedImage jpeg(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", bytes);
        return new EncodedImage(bytes.toByteArray(), "black-" + width + ".jpg", width, height);
    }
}
