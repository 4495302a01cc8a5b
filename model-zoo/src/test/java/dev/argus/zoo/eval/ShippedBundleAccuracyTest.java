package dev.argus.zoo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.argus.zoo.Detector;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.synth.ShapesSpec;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shipped bundle keeps its held-out accuracy: AP50 on the first 200 images of the held-out seed
 * (never trained on) within 0.02 of the value measured when the bundle was committed. A retrained or
 * broken bundle, or a change to preprocessing, decoding or NMS that costs accuracy, fails here. The
 * README's figures are on all 1,000 images of the seed ({@code argus evaluate --synthetic 20240501
 * --count 1000}); 200 keep each bundle to a few seconds.
 */
class ShippedBundleAccuracyTest {

    private static final long HELD_OUT_SEED = 20240501;
    private static final int IMAGES = 200;
    private static final double BAND = 0.02;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // bundle/version,           AP50 on these 200 images (measured), README's AP50 on all 1,000
            "shapes-centernet-fpn/1,     0.954, 0.952",
            "shapes-centernet-fpn/2,     0.950, 0.947",
            "shapes-centernet-spp-fpn/1, 0.347, 0.353",
            "shapes-centernet-spp-fpn/2, 0.897, 0.904",
            "shapes-yolo-spp-fpn/1,      0.497, 0.530",
            "shapes-yolo-spp-fpn/2,      0.855, 0.856",
            "shapes-yolo-spp-fpn/3,      0.926, 0.925",
            "shapes-detr-fpn-rope/1,     0.720, 0.729",
            "shapes-detr-fpn-rope/2,     0.817, 0.824",
            "shapes-detr-fpn-rope/3,     0.869, 0.868",
            "shapes-detr-fpn-rope/4,     0.854, 0.858"})
    void heldOutAp50StaysWhereItWasMeasured(String bundle, double pinnedAp50, double fullSetAp50) {
        CocoMetrics m;
        try (Detector detector = Detectors.open(Path.of("bundles", bundle))) {
            m = DetectorEvaluation.onSynthetic(detector, ShapesSpec.shapes(), HELD_OUT_SEED, IMAGES, 16);
        }
        System.out.printf(Locale.ROOT, "held-out %s: AP50 %.4f AP %.4f on %d images (%d objects); README, 1,000 images: %.3f%n",
                bundle, m.ap50(), m.ap(), m.images(), m.objects(), fullSetAp50);
        assertEquals(IMAGES, m.images());
        assertEquals(pinnedAp50, m.ap50(), BAND, bundle + " AP50 on " + IMAGES + " held-out images\n" + m.table());
    }
}
