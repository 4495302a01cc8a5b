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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The imported SameDiff graphs give what TensorFlow.js itself gives, on the six sample photos: every raw
 * output within a bound a few times the largest difference measured over the six photos (float32 sums
 * in another order), and CenterNet's in-graph detections the same boxes. Each run prints the measured
 * maxima, the figures model-zoo/README.md quotes.
 */
class TfjsParityTest {

    // Max abs differences measured over the six photos (TF.js 4.22 wasm vs ND4J onednn-avx2), and the bounds:
    /** CenterNet heatmap (sigmoid scores): measured 1.45e-6. */
    private static final double KEYPOINTS = 5e-6;
    /** CenterNet sizes in input pixels (up to ~320; the graph multiplies its size head by 16): measured 7.33e-3. */
    private static final double WH = 16e-3;
    /** NanoDet class scores (sigmoid): measured 9.7e-7. */
    private static final double NANODET_SCORES = 4e-6;
    /** NanoDet box distance bins (logits up to ~10): measured 1.14e-5. */
    private static final double NANODET_BOXES = 4e-5;
    /** Detections compared: a TF.js in-graph detection scoring at least this has a Java twin. */
    private static final float COMPARED_SCORE = 0.1f;
    /** Twin boxes' IoU: measured 1 - IoU at most 4.7e-6 (boxes of up to 300 px, sides off by at most WH). */
    private static final double TWIN_IOU = 1 - 2e-5;

    /** Largest max abs difference (or 1 - IoU) seen per output kind, for the summary each test prints. */
    private final Map<String, Double> measured = new TreeMap<>();

    @Test
    void centerNetMatchesTfjsOnTheSamplePhotos() throws Exception {
        Map<String, Map<String, INDArray>> java = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> tfjs = runBoth("centernet", 512, 1f, false, java);
        for (String sample : ReferenceModels.SAMPLES) {
            assertClose(tfjs.get(sample).get("tower_0/keypoints"), java.get(sample).get("tower_0/keypoints"), KEYPOINTS,
                    "centernet keypoints", sample);
            assertClose(tfjs.get(sample).get("tower_0/wh"), java.get(sample).get("tower_0/wh"), WH, "centernet wh", sample);
            assertSameDetections(tfjs.get(sample).get("tower_0/detections"), java.get(sample).get("tower_0/detections"),
                    "centernet " + sample);
        }
        printMeasured();
    }

    @Test
    void nanoDetMatchesTfjsOnTheSamplePhotos() throws Exception {
        Map<String, Map<String, INDArray>> java = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> tfjs = runBoth("nanodet", 416, 1f / 255, true, java);
        for (String sample : ReferenceModels.SAMPLES) {
            assertEquals(6, tfjs.get(sample).size());
            for (String output : tfjs.get(sample).keySet()) {
                // per level: scores [1, cells, 80] (Identity..Identity_2), box bins [1, cells, 44] (Identity_3..5)
                boolean scores = tfjs.get(sample).get(output).size(-1) == 80;
                assertClose(tfjs.get(sample).get(output), java.get(sample).get(output),
                        scores ? NANODET_SCORES : NANODET_BOXES, scores ? "nanodet scores" : "nanodet box bins", sample + " " + output);
            }
        }
        printMeasured();
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

    /** Max abs difference of the two arrays is at most {@code bound}. */
    private void assertClose(INDArray expected, INDArray actual, double bound, String kind, String where) {
        String what = kind + " " + where;
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double maxAbs = Transforms.abs(expected.sub(actual), false).maxNumber().doubleValue();
        measured.merge(kind, maxAbs, Math::max);
        assertTrue(maxAbs <= bound, what + ": max abs diff " + maxAbs + " > " + bound);
    }

    private void printMeasured() {
        measured.forEach((kind, max) -> System.out.printf(Locale.ROOT, "parity %-26s largest over the six photos %.3g%n",
                kind, max));
    }

    /**
     * Rows are [x1, y1, x2, y2, score, class] in input pixels, best first. Every TF.js row that scores
     * at least 0.1 must have a Java row of the same class, nearly the same box and the same score within
     * the heatmap's bound. Rows below that can swap places on near-ties of the top-100 and are left out.
     */
    private void assertSameDetections(INDArray expected, INDArray actual, String what) {
        List<float[]> java = rows(actual);
        int compared = 0;
        double worstIou = 1;
        for (float[] t : rows(expected)) {
            if (t[4] < COMPARED_SCORE) {
                continue;
            }
            compared++;
            Detection want = new Detection((int) t[5], "", t[4], t[0], t[1], t[2], t[3]);
            double bestIou = java.stream().filter(j -> (int) j[5] == (int) t[5] && Math.abs(j[4] - t[4]) <= KEYPOINTS)
                    .mapToDouble(j -> want.iou(new Detection((int) j[5], "", j[4], j[0], j[1], j[2], j[3]))).max().orElse(0);
            assertTrue(bestIou >= TWIN_IOU, what + ": TF.js detection " + Arrays.toString(t) + " has no Java match (best IoU "
                    + bestIou + ")");
            worstIou = Math.min(worstIou, bestIou);
        }
        assertTrue(compared > 0, what + ": TF.js found nothing scoring >= 0.1, so nothing was compared");
        measured.merge("centernet detections 1-IoU", 1 - worstIou, Math::max);
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
