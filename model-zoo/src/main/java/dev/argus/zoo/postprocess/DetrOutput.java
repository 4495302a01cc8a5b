package dev.argus.zoo.postprocess;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DETR head's raw output read back per image, decoder layer and query: [b, layers·queries·(C+5)],
 * each query holding C+1 class logits (index C is "no object") then 4 box logits whose sigmoids are
 * (cx, cy, w, h) as fractions of the input. The set loss (every layer) and the bundle decoder (the last
 * layer) read it through this one class.
 */
public final class DetrOutput {

    /** Values per query in the flat output: class logits (classes + no-object) and a box (cx, cy, w, h). */
    public static int perQuery(int numClasses) {
        return numClasses + 5;
    }

    private final double[] values;
    private final int images;
    private final int queries;
    private final int classes;
    private final int stride;
    private final int layers;

    public DetrOutput(INDArray raw, int queries, int classes, int layers) {
        this.queries = queries;
        this.classes = classes;
        this.layers = layers;
        this.stride = perQuery(classes);
        if (raw.rank() != 2 || raw.size(1) != (long) layers * queries * stride) {
            throw new IllegalArgumentException("DETR output must be [batch, " + layers + "·" + queries + "·" + stride
                    + "] for " + layers + " decoder layer(s), " + queries + " queries and " + classes + " classes, got "
                    + java.util.Arrays.toString(raw.shape()));
        }
        this.images = (int) raw.size(0);
        this.values = raw.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    public int images() {
        return images;
    }

    public int queries() {
        return queries;
    }

    public int classes() {
        return classes;
    }

    public int layers() {
        return layers;
    }

    /** Where query q of decoder layer l of image b starts in the flat output (its first class logit). */
    public int offset(int b, int l, int q) {
        return ((b * layers + l) * queries + q) * stride;
    }

    /** Softmax over the C+1 class logits. */
    public double[] probabilities(int b, int l, int q) {
        int o = offset(b, l, q);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c <= classes; c++) {
            max = Math.max(max, values[o + c]);
        }
        double[] p = new double[classes + 1];
        double sum = 0;
        for (int c = 0; c <= classes; c++) {
            p[c] = Math.exp(values[o + c] - max);
            sum += p[c];
        }
        for (int c = 0; c <= classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** (cx, cy, w, h) in [0, 1]. */
    public double[] box(int b, int l, int q) {
        int o = offset(b, l, q) + classes + 1;
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            box[i] = 1 / (1 + Math.exp(-values[o + i]));
        }
        return box;
    }
}
