package dev.argus.zoo.detr;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2D rotary position embedding (RoPE) for queries and keys. Channels are taken in pairs and each pair
 * is rotated by an angle proportional to the token's position: the first half of the pairs by its x,
 * the second half by its y, each half with its own ladder of frequencies. A rotation by a·θ dotted with
 * a rotation by b·θ only sees (a − b)·θ, so after rotating queries and keys the attention score of two
 * tokens depends on their offset, not on where they are.
 *
 * <p>The rotation of every pair (x₀, x₁) → (x₀cos − x₁sin, x₁cos + x₀sin) is written as
 * x·cos + (x·R)·sin with R a fixed signed permutation, so the graph needs only a matrix product and two
 * element-wise products, and SameDiff differentiates it.
 */
public final class RotaryEncoding2D {

    private static final double BASE = 10_000;

    private final int headSize;
    private final int tokens;
    private final INDArray cos;
    private final INDArray sin;

    /**
     * @param positions per token its (x, y), in any unit (feature-map cells here)
     */
    public RotaryEncoding2D(int headSize, double[][] positions) {
        if (headSize % 4 != 0) {
            throw new IllegalArgumentException("2D RoPE needs a head size divisible by 4 (pairs for x and y), got " + headSize);
        }
        this.headSize = headSize;
        this.tokens = positions.length;
        int pairsPerAxis = headSize / 4;
        float[] c = new float[tokens * headSize];
        float[] s = new float[tokens * headSize];
        for (int t = 0; t < tokens; t++) {
            for (int pair = 0; pair < headSize / 2; pair++) {
                int axis = pair < pairsPerAxis ? 0 : 1;
                int i = pair % pairsPerAxis;
                double angle = positions[t][axis] * Math.pow(BASE, -i / (double) pairsPerAxis);
                int at = t * headSize + 2 * pair;
                c[at] = c[at + 1] = (float) Math.cos(angle);
                s[at] = s[at + 1] = (float) Math.sin(angle);
            }
        }
        this.cos = Nd4j.create(c, new long[]{tokens, headSize}, 'c');
        this.sin = Nd4j.create(s, new long[]{tokens, headSize}, 'c');
    }

    /** The positions of an h×w feature map's cells, row-major (token t = y·w + x). */
    public static double[][] grid(int h, int w) {
        double[][] p = new double[h * w][];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = new double[]{x, y};
            }
        }
        return p;
    }

    /**
     * Rotates {@code x} ([b, heads, tokens, headSize]) by each token's position.
     *
     * @param name a prefix for the constants this adds to the graph (unique per graph)
     */
    public SDVariable rotate(SameDiff sd, String name, SDVariable x, int heads) {
        DataType type = x.dataType();
        SDVariable c = constant(sd, name + "_cos", cos, type);
        SDVariable s = constant(sd, name + "_sin", sin, type);
        SDVariable r = constant(sd, name + "_pairs", pairSwap(headSize), type);
        SDVariable flat = sd.reshape(x, -1, headSize);
        SDVariable swapped = sd.reshape(sd.mmul(flat, r), -1, heads, tokens, headSize);
        return x.mul(c).add(swapped.mul(s));
    }

    private static SDVariable constant(SameDiff sd, String name, INDArray value, DataType type) {
        return sd.hasVariable(name) ? sd.getVariable(name) : sd.constant(name, value.castTo(type));
    }

    /** R with (x₀, x₁)·R = (−x₁, x₀) for every channel pair. */
    private static INDArray pairSwap(int d) {
        INDArray r = Nd4j.zeros(DataType.FLOAT, d, d);
        for (int j = 0; j < d; j += 2) {
            r.putScalar(j + 1, j, -1);
            r.putScalar(j, j + 1, 1);
        }
        return r;
    }

    public int tokens() {
        return tokens;
    }
}
