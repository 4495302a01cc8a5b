package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The imported SameDiff graphs give what TensorFlow.js itself gives, on the six sample photos:
 * every raw output within 1e-3 (max abs), and CenterNet's in-graph detections the same boxes.
 */
class TfjsParityTest {

    private static final double TOLERANCE = 1e-3;
    /** CenterNet's graph scales its size head by this constant (node tower_0/mul) into input pixels. */
    private static final double WH_SCALE = 16;

    @Test
    void centerNetMatchesTfjsOnTheSamplePhotos() throws Exception {
        Map<String, Map<String, INDArray>> java = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> tfjs = runBoth("centernet", 512, 1f, false, java);
        for (String sample : ReferenceModels.SAMPLES) {
            assertClose(tfjs.get(sample).get("tower_0/keypoints"), java.get(sample).get("tower_0/keypoints"), 1.0,
                    "centernet " + sample + " keypoints");
            // wh is in input pixels (up to ~500): the graph multiplies its head's output by 16, so the
            // 1e-3 bound applies to the head's output, i.e. 16e-3 here (float32 summation order differs).
            assertClose(tfjs.get(sample).get("tower_0/wh"), java.get(sample).get("tower_0/wh"), WH_SCALE,
                    "centernet " + sample + " wh");
            assertSameDetections(tfjs.get(sample).get("tower_0/detections"), java.get(sample).get("tower_0/detections"),
                    "centernet " + sample);
        }
    }

    @Test
    void nanoDetMatchesTfjsOnTheSamplePhotos() throws Exception {
        Map<String, Map<String, INDArray>> java = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> tfjs = runBoth("nanodet", 416, 1f / 255, true, java);
        for (String sample : ReferenceModels.SAMPLES) {
            assertEquals(6, tfjs.get(sample).size());
            for (String output : tfjs.get(sample).keySet()) {
                assertClose(tfjs.get(sample).get(output), java.get(sample).get(output), 1.0, "nanodet " + sample + " " + output);
            }
        }
    }

    /** Runs Java (into {@code java}) and TF.js on every sample; returns the TF.js outputs. */
    private static Map<String, Map<String, INDArray>> runBoth(String model, int size, float scale, boolean nchw,
                                                           Map<String, Map<String, INDArray>> java) throws Exception {
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        for (String sample : ReferenceModels.SAMPLES) {
            inputs.put(sample, ReferenceModels.tensor(ReferenceModels.sample(sample), size, scale, nchw));
        }
        Path bundle = ReferenceModels.bundle(model);
        try (TfjsGraphModel graph = TfjsGraphModel.load(bundle.resolve("model.json"))) {
            for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
                java.put(e.getKey(), graph.run(e.getValue()));
            }
        }
        return TfjsReference.run(bundle, inputs, Path.of("target/tfjs-parity", model));
    }

    /** Max abs difference of the two arrays, divided by {@code scale}, is at most 1e-3. */
    private static void assertClose(INDArray expected, INDArray actual, double scale, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double maxAbs = Transforms.abs(expected.sub(actual), false).maxNumber().doubleValue();
        System.out.printf("parity %-40s max abs diff %.3g (max |ref| %.3g)%n", what, maxAbs,
                Transforms.abs(expected, true).maxNumber().doubleValue());
        assertTrue(maxAbs / scale <= TOLERANCE, what + ": max abs diff " + maxAbs + " > " + TOLERANCE * scale);
    }

    /**
     * Rows are [x1, y1, x2, y2, score, class] in input pixels, best first. Every TF.js row that scores
     * at least 0.1 must have a Java row of the same class, IoU >= 0.99 and the same score within 1e-3.
     * Rows below that can swap places on near-ties of the top-100 and are left out.
     */
    private static void assertSameDetections(INDArray expected, INDArray actual, String what) {
        List<float[]> java = rows(actual);
        int compared = 0;
        for (float[] t : rows(expected)) {
            if (t[4] < 0.1f) {
                continue;
            }
            compared++;
            Detection want = new Detection((int) t[5], "", t[4], t[0], t[1], t[2], t[3]);
            boolean found = java.stream().anyMatch(j -> (int) j[5] == (int) t[5] && Math.abs(j[4] - t[4]) <= TOLERANCE
                    && want.iou(new Detection((int) j[5], "", j[4], j[0], j[1], j[2], j[3])) >= 0.99);
            assertTrue(found, what + ": TF.js detection " + Arrays.toString(t) + " has no Java match");
        }
        assertTrue(compared > 0, what + ": TF.js found nothing scoring >= 0.1, so nothing was compared");
    }

    private static List<float[]> rows(INDArray detections) {
        List<float[]> rows = new ArrayList<>();
        INDArray d = detections.reshape(-1, 6);
        for (int i = 0; i < d.rows(); i++) {
            rows.add(d.getRow(i).toFloatVector());
        }
        return rows;
    }
}
