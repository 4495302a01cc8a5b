package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.postprocess.OutputDecoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a DETR head's set of predictions: every query is one box, scored by its most likely real class
 * (the softmax runs over the C classes and "no object", so a query that sees nothing scores low). No
 * NMS: the set loss taught the queries not to repeat each other. Only the last decoder layer's set is
 * read (the others are there for training). Boxes go from fractions of the input to input pixels.
 *
 * <p>With {@code classes_per_query} k &gt; 1 a query offers its box once for each of its k most likely real
 * classes, each scored by that class's probability (Deformable DETR reads the top scores over all
 * query-class pairs the same way): a query torn between two shapes then still finds the object under the
 * second, at a lower score, instead of missing it. The set loss never taught a query to hold two objects,
 * so the extra boxes are the same box under another label.
 */
public final class DetrSetDecoder implements OutputDecoder {

    public static final String TYPE = "detr";

    private final String output;
    private final int queries;
    private final int layers;
    private final int numClasses;
    private final int width;
    private final int height;
    private final float threshold;
    private final int classesPerQuery;
    private final int maxDetections;

    public DetrSetDecoder(DecoderSpec spec, int numClasses, int width, int height) {
        this.output = spec.stringParam("output", "detr");
        this.queries = spec.intParam("queries", 0);
        if (queries < 1) {
            throw new IllegalArgumentException("decoder 'detr' parameter 'queries' must be positive, got " + queries);
        }
        this.layers = spec.intParam("layers", 1);
        if (layers < 1) {
            throw new IllegalArgumentException("decoder 'detr' parameter 'layers' must be positive, got " + layers);
        }
        this.numClasses = numClasses;
        this.width = width;
        this.height = height;
        this.threshold = (float) spec.doubleParam("score_threshold", 0.3);
        this.classesPerQuery = spec.intParam("classes_per_query", 1);
        if (classesPerQuery < 1 || classesPerQuery > numClasses) {
            throw new IllegalArgumentException("decoder 'detr' parameter 'classes_per_query' must be 1 to the " + numClasses
                    + " classes, got " + classesPerQuery);
        }
        this.maxDetections = spec.intParam("max_detections", queries * classesPerQuery);
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        INDArray raw = outputs.get(output);
        if (raw == null) {
            throw new IllegalArgumentException("decoder 'detr': the network has no output '" + output + "' (it has "
                    + outputs.keySet() + ")");
        }
        DetrOutput out;
        try {
            out = new DetrOutput(raw, queries, numClasses, layers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decoder 'detr': " + e.getMessage(), e);
        }
        List<CandidateBoxes> perImage = new ArrayList<>(out.images());
        for (int b = 0; b < out.images(); b++) {
            List<float[]> found = new ArrayList<>();
            int last = layers - 1;
            for (int q = 0; q < queries; q++) {
                double[] p = out.probabilities(b, last, q);
                float[] corners = null;
                for (int c : mostLikelyClasses(p)) {
                    if (p[c] < threshold) {
                        break;
                    }
                    if (corners == null) {
                        corners = corners(out.box(b, last, q));
                    }
                    found.add(new float[]{corners[0], corners[1], corners[2], corners[3], (float) p[c], c});
                }
            }
            found.sort(Comparator.comparingDouble((float[] f) -> f[4]).reversed());
            CandidateBoxes boxes = new CandidateBoxes(Math.min(found.size(), maxDetections));
            for (float[] f : found.subList(0, Math.min(found.size(), maxDetections))) {
                boxes.add(f[0], f[1], f[2], f[3], f[4], (int) f[5]);
            }
            perImage.add(boxes);
        }
        return perImage;
    }

    /** The query's {@code classesPerQuery} real classes in falling probability ("no object" is never one). */
    private int[] mostLikelyClasses(double[] p) {
        int[] order = new int[classesPerQuery];
        boolean[] taken = new boolean[numClasses];
        for (int k = 0; k < classesPerQuery; k++) {
            int best = -1;
            for (int c = 0; c < numClasses; c++) {
                if (!taken[c] && (best < 0 || p[c] > p[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            order[k] = best;
        }
        return order;
    }

    /** (cx, cy, w, h) as fractions of the input to x1, y1, x2, y2 in input pixels, inside the input. */
    private float[] corners(double[] box) {
        return new float[]{
                clamp((box[0] - box[2] / 2) * width, width), clamp((box[1] - box[3] / 2) * height, height),
                clamp((box[0] + box[2] / 2) * width, width), clamp((box[1] + box[3] / 2) * height, height)};
    }

    private static float clamp(double v, int max) {
        return (float) Math.max(0, Math.min(max, v));
    }
}
