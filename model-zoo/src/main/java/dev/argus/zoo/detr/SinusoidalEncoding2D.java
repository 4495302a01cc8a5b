package dev.argus.zoo.detr;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DETR's fixed 2D sine/cosine position encoding for an h×w feature map: the first half of the channels
 * encode the row, the second half the column, each as interleaved sin/cos pairs at geometrically spaced
 * frequencies. Coordinates are normalised to (0, 2π] over the map, so a map of another size gets the
 * same range. The table is added to the features that make queries and keys (not values), as in DETR.
 */
public final class SinusoidalEncoding2D {

    private static final double TEMPERATURE = 10_000;

    private SinusoidalEncoding2D() {
    }

    /** [h·w, channels], row-major over the map (token t = y·w + x). */
    public static INDArray table(int h, int w, int channels) {
        return at(RotaryEncoding2D.grid(h, w), h, w, channels);
    }

    /**
     * [points, channels]: the encoding of (x, y) positions in cells of an h×w map, not necessarily whole
     * (an anchor point between cells gets the values between theirs).
     */
    public static INDArray at(double[][] cells, int h, int w, int channels) {
        if (channels % 4 != 0) {
            throw new IllegalArgumentException("2D sine encoding needs channels divisible by 4, got " + channels);
        }
        int half = channels / 2;
        float[] out = new float[cells.length * channels];
        for (int t = 0; t < cells.length; t++) {
            int row = t * channels;
            double yPos = (cells[t][1] + 1) / h * 2 * Math.PI;
            double xPos = (cells[t][0] + 1) / w * 2 * Math.PI;
            for (int i = 0; i < half; i++) {
                double freq = Math.pow(TEMPERATURE, 2 * (i / 2) / (double) half);
                out[row + i] = (float) (i % 2 == 0 ? Math.sin(yPos / freq) : Math.cos(yPos / freq));
                out[row + half + i] = (float) (i % 2 == 0 ? Math.sin(xPos / freq) : Math.cos(xPos / freq));
            }
        }
        return Nd4j.create(out, new long[]{cells.length, channels}, 'c').castTo(DataType.FLOAT);
    }
}
