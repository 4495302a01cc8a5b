package dev.argus.zoo.bundle;

import java.util.Arrays;

/**
 * How a pixel value p in 0..255 becomes a network input: {@code (p * scale - mean[c]) / std[c]}, with
 * the channel c counted in the input's own colour order.
 */
public record Normalization(float scale, float[] mean, float[] std) {

    public static final Normalization UNIT_RANGE = new Normalization(1f / 255f, new float[3], new float[]{1, 1, 1});

    public Normalization {
        mean = mean == null ? new float[3] : mean.clone();
        std = std == null ? new float[]{1, 1, 1} : std.clone();
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalization mean and std need 3 values each, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0f) && !(s < 0f)) {
                throw new IllegalArgumentException("normalization std must not be 0: " + Arrays.toString(std));
            }
        }
        if (scale == 0f) {
            throw new IllegalArgumentException("normalization scale must not be 0");
        }
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.scale == scale && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Float.hashCode(scale) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[scale=" + scale + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
