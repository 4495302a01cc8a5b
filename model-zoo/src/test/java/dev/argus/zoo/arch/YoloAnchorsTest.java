package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.train.SyntheticShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The multi-scale YOLO head's anchors are k-means (IoU distance) over the shapes task's training
 * boxes: recomputing them from the training seed's first 2,000 images gives the anchors
 * {@link YoloFpnHead} ships, within a pixel, and they cover the boxes better than the Yolo2 head's
 * hand-picked 8/20/40 squares.
 */
class YoloAnchorsTest {

    @Test
    void theShippedAnchorsAreTheKMeansOfTheTrainingBoxes() {
        SyntheticShapes data = new SyntheticShapes(ShapesSpec.shapes().withSize(128, 128), 1);
        List<double[]> shapes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            for (Detection d : data.sample(i).boxes()) {
                shapes.add(new double[]{d.width(), d.height()});
            }
        }
        double[][] anchors = AnchorKMeans.cluster(shapes, YoloFpnHead.ANCHORS_PIXELS.length, 42);
        System.out.println("k-means anchors over " + shapes.size() + " boxes: " + Arrays.deepToString(anchors)
                + ", mean best IoU " + AnchorKMeans.meanBestIou(shapes, anchors));
        for (int i = 0; i < anchors.length; i++) {
            assertArrayEquals(YoloFpnHead.ANCHORS_PIXELS[i], anchors[i], 1.0, "anchor " + i);
        }
        double ours = AnchorKMeans.meanBestIou(shapes, YoloFpnHead.ANCHORS_PIXELS);
        double yolo2 = AnchorKMeans.meanBestIou(shapes, Yolo2Head.PRIORS_PIXELS);
        assertTrue(ours > yolo2 + 0.05, "mean best IoU " + ours + " vs the Yolo2 head's " + yolo2);
    }
}
