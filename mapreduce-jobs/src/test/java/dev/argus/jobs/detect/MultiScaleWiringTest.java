package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.ZooDetectorLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.multiscale.MergeMode;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import dev.argus.zoo.multiscale.Slice;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code argus detect --slice/--pyramid/--merge/--max-tiles} reach the loader through the job conf. */
class MultiScaleWiringTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    /** The shapes bundle trained by {@code argus train}, committed with the model zoo. */
    private static final Path SHAPES_BUNDLE = Path.of("../model-zoo/bundles/shapes-yolo-spp-fpn/1");

    @Test
    void theLoaderWrapsTheBundlesDetectorWhenTheConfAsksForSlicing() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(DetectConfig.SLICE.key(), "128/0.25");
        conf.set(DetectConfig.MERGE.key(), "nms");
        conf.set(DetectConfig.MAX_TILES.key(), "40");
        try (ModelBundle bundle = ModelBundle.open(SHAPES_BUNDLE);
             Detector detector = new ZooDetectorLoader().load(bundle, conf)) {
            MultiScaleDetector multi = assertInstanceOf(MultiScaleDetector.class, detector);
            assertEquals(new Slice(128, 0.25, true), multi.spec().slice());
            assertEquals(MergeMode.NMS, multi.spec().merge());
            assertEquals(40, multi.spec().maxTiles());
            assertEquals(1 + 7 * 5, multi.planFor(640, 480).passes(), "strides of at most 96 px");
        }
    }

    @Test
    void theBatchSizeReachesTheTileBatcher() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(DetectConfig.SLICE.key(), "128/0.25");
        conf.set(DetectConfig.MAX_TILES.key(), "40");
        conf.setInt(DetectConfig.BATCH_SIZE.key(), 5);
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        try (ModelBundle bundle = ModelBundle.open(SHAPES_BUNDLE);
             Detector detector = new ZooDetectorLoader().load(bundle, conf)) {
            MultiScaleDetector multi = assertInstanceOf(MultiScaleDetector.class, detector);
            assertEquals(5, multi.tileBatch());
            multi.detect(List.of(image));
            assertEquals(36, multi.passes());
            assertEquals(8, multi.modelCalls(), "36 tiles in calls of 5");
        }
    }

    @Test
    void withoutOptionsABundleWithoutDefaultsRunsPlain() throws Exception {
        try (ModelBundle bundle = ModelBundle.open(SHAPES_BUNDLE);
             Detector detector = new ZooDetectorLoader().load(bundle, new Configuration(false))) {
            assertFalse(detector instanceof MultiScaleDetector);
        }
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() throws Exception {
        String[] common = {"--root", "file:///nowhere", "--date", "2026-11-26", "--model", "m"};
        assertEquals(2, detect(common, "--slice", "512x0.2"));
        assertEquals(2, detect(common, "--merge", "wbf"));
        assertEquals(2, detect(common, "--pyramid", "0.5"));
        String message = console.err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--slice must be SIZE or SIZE/OVERLAP (e.g. 512/0.2), got '512x0.2'"), message);
        assertTrue(message.contains("--merge must be one of nms, nmm-iou, nmm-ios, got 'wbf'"), message);
        assertTrue(message.contains("--pyramid scales must be in [1, 16]"), message);
    }

    private static int detect(String[] common, String... more) throws Exception {
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return ToolRunner.run(new Configuration(), new DetectTool(), args);
    }
}
