package dev.argus.zoo.arch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss's label mask as DL4J passes it: null (everything counts), one value per row
 * ({@code [rows, 1]}), or one per element ({@code [rows, cols]}).
 */
final class LossMask {

    private final double[] values;
    private final int cols;
    private final boolean perRow;

    private LossMask(double[] values, int cols, boolean perRow) {
        this.values = values;
        this.cols = cols;
        this.perRow = perRow;
    }

    static LossMask of(INDArray mask, int elements, int cols) {
        if (mask == null) {
            return new LossMask(null, cols, false);
        }
        double[] v = FocalLoss.values(mask);
        if (v.length != elements && v.length * (long) cols != elements) {
            throw new IllegalArgumentException("label mask of " + v.length + " values fits neither the " + elements
                    + " outputs nor their " + elements / cols + " rows");
        }
        return new LossMask(v, cols, v.length != elements || cols == 1);
    }

    /** The weight of element {@code i} of the row-major [rows, cols] output. */
    double at(int i) {
        if (values == null) {
            return 1;
        }
        return perRow ? values[i / cols] : values[i];
    }

    /** The number of counted rows' elements, at least 1: what a masked mean divides by. */
    double countedRows() {
        if (values == null) {
            return 1;
        }
        double n = 0;
        for (double v : values) {
            n += v;
        }
        return Math.max(1, perRow ? n : n / cols);
    }
}
