package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.Detection;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.postprocess.YoloGridCoding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The label encoders and decoders agree on geometry: a network that output exactly its training
 * targets would be decoded back to the ground-truth boxes.
 */
class EncodeDecodeTest {

    private static final List<Detection> TRUTH = List.of(
            new Detection(0, "a", 1f, 10, 12, 30, 40),
            new Detection(2, "c", 1f, 70, 64, 118, 100),
            new Detection(1, "b", 1f, 40, 90, 47, 97));

    private static OutputDecoder decoder(DetectorArchitecture arch) {
        return OutputDecoders.forManifest(new BundleManifest(1, "t", "1", "dl4j-graph", "model.zip",
                new InputSpec(128, 128, InputSpec.Layout.NCHW, "RGB", null, 0), null, List.of("a", "b", "c"),
                arch.decoder(0.5), Map.of("model.zip", "00")));
    }

    @Test
    void centerNetTargetsDecodeToTheTruth() {
        DetectorArchitecture arch = new DetectorArchitecture(DetectorArchitecture.Head.CENTERNET, true, true, 128, 4, 3);
        MultiDataSet targets = arch.labelEncoder().encode(Nd4j.zeros(1, 3, 128, 128), List.of(TRUTH));
        INDArray heat = targets.getLabels(0);
        assertEquals(3, heat.eq(1.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue(), "one peak of exactly 1 per object");
        Map<String, INDArray> outputs = Map.of(
                "heatmap", nhwc(heat), "size", nhwc(targets.getLabels(1)), "offset", nhwc(targets.getLabels(2)));
        assertBoxes(decoder(arch).decode(outputs).get(0));
        assertEquals(3, targets.getLabelsMaskArray(1).sumNumber().intValue(), "one regression cell per object");
    }

    @Test
    void yolo2TargetsDecodeToTheTruth() {
        DetectorArchitecture arch = new DetectorArchitecture(DetectorArchitecture.Head.YOLO2, true, true, 128, 4, 3);
        MultiDataSet targets = arch.labelEncoder().encode(Nd4j.zeros(1, 3, 128, 128), List.of(TRUTH));
        INDArray labels = targets.getLabels(0); // [1, 4 + C, 16, 16]: corners in cells, then one-hot
        int grid = 16;
        int per = 5 + 3;
        int anchors = Yolo2Head.PRIORS_PIXELS.length;
        // what the activated Yolo2 output would hold for a perfect prediction, on anchor 0
        INDArray out = Nd4j.zeros(1, anchors * per, grid, grid);
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                if (labels.getDouble(0, 4, row, col) + labels.getDouble(0, 5, row, col) + labels.getDouble(0, 6, row, col) == 0) {
                    continue;
                }
                double x1 = labels.getDouble(0, 0, row, col);
                double y1 = labels.getDouble(0, 1, row, col);
                double x2 = labels.getDouble(0, 2, row, col);
                double y2 = labels.getDouble(0, 3, row, col);
                out.putScalar(new long[]{0, 0, row, col}, (x1 + x2) / 2 - col);
                out.putScalar(new long[]{0, 1, row, col}, (y1 + y2) / 2 - row);
                out.putScalar(new long[]{0, 2, row, col}, x2 - x1);
                out.putScalar(new long[]{0, 3, row, col}, y2 - y1);
                out.putScalar(new long[]{0, 4, row, col}, 1);
                for (int c = 0; c < 3; c++) {
                    out.putScalar(new long[]{0, 5 + c, row, col}, labels.getDouble(0, 4 + c, row, col));
                }
            }
        }
        assertBoxes(decoder(arch).decode(Map.of("yolo", nhwc(out))).get(0));
    }

    @Test
    void yoloFpnTargetsDecodeToTheTruth() {
        DetectorArchitecture arch = new DetectorArchitecture(DetectorArchitecture.Head.YOLO, true, true, 128, 4, 3);
        MultiDataSet targets = arch.labelEncoder().encode(Nd4j.zeros(1, 3, 128, 128), List.of(TRUTH));
        int anchors = YoloFpnHead.ANCHORS_PER_LEVEL;
        Map<String, INDArray> outputs = new java.util.HashMap<>();
        int assigned = 0;
        for (int level = 0; level < YoloFpnHead.STRIDES.length; level++) {
            INDArray y = targets.getLabels(level);
            double[][] cells = YoloFpnHead.anchorsInCells(level);
            // the raw outputs of a perfect prediction: confident logits, and each box value the coding's inverse
            INDArray out = Nd4j.zeros(y.shape());
            int grid = (int) y.size(2);
            for (int row = 0; row < grid; row++) {
                for (int col = 0; col < grid; col++) {
                    for (int a = 0; a < anchors; a++) {
                        boolean on = y.getDouble(0, YoloGridCoding.objectness(a), row, col) == 1;
                        out.putScalar(new long[]{0, YoloGridCoding.objectness(a), row, col}, on ? 20 : -20);
                        if (!on) {
                            continue;
                        }
                        assigned++;
                        double[] box = new double[4];
                        for (int k = 0; k < 4; k++) {
                            box[k] = y.getDouble(0, YoloGridCoding.box(anchors, a, k), row, col);
                        }
                        out.putScalar(new long[]{0, YoloGridCoding.box(anchors, a, 0), row, col}, logit((box[0] + 0.5) / 2));
                        out.putScalar(new long[]{0, YoloGridCoding.box(anchors, a, 1), row, col}, logit((box[1] + 0.5) / 2));
                        out.putScalar(new long[]{0, YoloGridCoding.box(anchors, a, 2), row, col}, logit(Math.sqrt(box[2] / cells[a][0]) / 2));
                        out.putScalar(new long[]{0, YoloGridCoding.box(anchors, a, 3), row, col}, logit(Math.sqrt(box[3] / cells[a][1]) / 2));
                        for (int c = 0; c < 3; c++) {
                            int ch = YoloGridCoding.classLogit(anchors, 3, a, c);
                            out.putScalar(new long[]{0, ch, row, col}, y.getDouble(0, ch, row, col) == 1 ? 20 : -20);
                        }
                    }
                }
            }
            outputs.put(YoloFpnHead.OUTPUTS[level], nhwc(out));
        }
        // centre cells plus neighbours: more than one (cell, anchor) per object, merged back by NMS
        assertTrue(assigned > TRUTH.size() && assigned <= 3 * TRUTH.size(), assigned + " assigned pairs");
        assertBoxes(decoder(arch).decode(outputs).get(0));
    }

    private static double logit(double p) {
        assertTrue(p > 0 && p < 1, "the coding reaches every assigned box: " + p);
        return Math.log(p / (1 - p));
    }

    @Test
    void centerNetRadiusFollowsCornerNet() {
        // CenterNet's gaussian_radius((10, 10), 0.7): r3 = (-28 + sqrt(28² + 4·2.8·30)) / 2
        assertEquals((-28 + Math.sqrt(28 * 28 + 4 * 2.8 * 30)) / 2, CenterNetLabels.gaussianRadius(10, 10, 0.7), 1e-9);
        assertEquals(2.733, CenterNetLabels.gaussianRadius(10, 10, 0.7), 1e-3);
    }

    private static INDArray nhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c');
    }

    private static void assertBoxes(CandidateBoxes found) {
        assertEquals(TRUTH.size(), found.size(), "one box per object");
        List<Detection> got = found.toDetections(i -> "x");
        for (Detection t : TRUTH) {
            assertTrue(got.stream().anyMatch(d -> d.classId() == t.classId() && Math.abs(d.x1() - t.x1()) < 1e-3
                            && Math.abs(d.y1() - t.y1()) < 1e-3 && Math.abs(d.x2() - t.x2()) < 1e-3 && Math.abs(d.y2() - t.y2()) < 1e-3),
                    "no exact box for " + t + " in " + got);
        }
    }
}
