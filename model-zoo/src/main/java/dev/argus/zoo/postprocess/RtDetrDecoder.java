package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RT-DETR-style end-to-end detectors: one output {@code [n, queries, 4 + C]}, each query a box as
 * {@code cx, cy, w, h} in fractions of the input, then its class scores. Ultralytics' {@code format=onnx}
 * export of RT-DETR gives {@code output0 [1, 300, 4 + C]} with the sigmoids applied. A query's score is
 * its best class; no NMS (the set loss taught the queries not to repeat each other); the best
 * {@code max_detections} above the threshold are kept.
 *
 * <p>Parameters: {@code output} ("output0"), {@code scores}: {@code probabilities} (default: as the
 * export gives them), {@code sigmoid} (logits, one sigmoid per class) or {@code softmax} (logits over
 * C + 1 columns, the last "no object", as the original DETR), {@code score_threshold} (0.25),
 * {@code max_detections} (300).
 */
public final class RtDetrDecoder implements OutputDecoder {

    public static final String TYPE = "rtdetr";

    /** What the class columns hold. */
    enum Scores { PROBABILITIES, SIGMOID, SOFTMAX }

    private final String output;
    private final int numClasses;
    private final Scores scores;
    private final float threshold;
    private final int maxDetections;
    private final int width;
    private final int height;

    public RtDetrDecoder(DecoderSpec spec, int numClasses, int width, int height) {
        this.output = spec.stringParam("output", "output0");
        String s = spec.stringParam("scores", "probabilities");
        try {
            this.scores = Scores.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decoder '" + TYPE + "' parameter 'scores' must be probabilities, sigmoid"
                    + " or softmax, got " + s);
        }
        this.numClasses = numClasses;
        this.threshold = (float) spec.doubleParam("score_threshold", 0.25);
        this.maxDetections = spec.intParam("max_detections", 300);
        if (maxDetections < 1) {
            throw new IllegalArgumentException("decoder '" + TYPE + "' parameter 'max_detections' must be positive, got "
                    + maxDetections);
        }
        this.width = width;
        this.height = height;
    }

    /** Columns per query: the box, the classes, and softmax's "no object". */
    private int rowWidth() {
        return 4 + numClasses + (scores == Scores.SOFTMAX ? 1 : 0);
    }

    private String layout() {
        return scores == Scores.SOFTMAX ? "[n, queries, 4 + classes + 1]" : "[n, queries, 4 + classes]";
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public void checkOutputs(Map<String, long[]> shapes) {
        DeclaredShape.of(shapes, TYPE, output).rank(3, layout()).dim(2, rowWidth(), layout(),
                "cx, cy, w, h and the manifest's " + numClasses + " labels"
                        + (scores == Scores.SOFTMAX ? " and no-object" : ""));
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput out = RawOutput.find(outputs, output, TYPE);
        int w = rowWidth();
        if (out.rank() != 3 || out.dim(2) != w) {
            throw out.wrongShape(TYPE, layout().replace("4 + classes", String.valueOf(4 + numClasses)));
        }
        int n = (int) out.dim(0);
        int queries = (int) out.dim(1);
        float[] v = out.data();
        float[] corners = new float[4];
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            CandidateBoxes found = new CandidateBoxes();
            for (int q = 0; q < queries; q++) {
                int o = (b * queries + q) * w;
                int best = 0;
                for (int c = 1; c < numClasses; c++) {
                    if (v[o + 4 + c] > v[o + 4 + best]) {
                        best = c;
                    }
                }
                float score = score(v, o, best);
                if (score >= threshold) {
                    BoxFormat.CXCYWH.toCorners(v, o, width, height, corners);
                    found.add(clamp(corners[0], width), clamp(corners[1], height),
                            clamp(corners[2], width), clamp(corners[3], height), score, best);
                }
            }
            perImage.add(best(found));
        }
        return perImage;
    }

    private float score(float[] v, int o, int cls) {
        return switch (scores) {
            case PROBABILITIES -> v[o + 4 + cls];
            case SIGMOID -> (float) (1 / (1 + Math.exp(-v[o + 4 + cls])));
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c <= numClasses; c++) {
                    max = Math.max(max, v[o + 4 + c]);
                }
                double sum = 0;
                for (int c = 0; c <= numClasses; c++) {
                    sum += Math.exp(v[o + 4 + c] - max);
                }
                yield (float) (Math.exp(v[o + 4 + cls] - max) / sum);
            }
        };
    }

    /** The {@code maxDetections} highest scores, highest first (ties: lower query first). */
    private CandidateBoxes best(CandidateBoxes found) {
        Integer[] order = new Integer[found.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, c) -> Float.compare(found.score(c), found.score(a)));
        int[] keep = new int[Math.min(order.length, maxDetections)];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = order[i];
        }
        return found.select(keep);
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
