package dev.argus.zoo.detr;

import java.util.Locale;

/**
 * Where DETR-lite's object queries start looking.
 *
 * <p>{@link #LEARNED} is DETR's: each query's position is a free learned vector, so at the start no query
 * is tied to a place, the Hungarian matching pairs objects with queries almost at random, and the pairs
 * change from step to step (most of DETR's slow start). {@link #ANCHORED} follows Anchor DETR and
 * DAB-DETR: each query owns a fixed point of a grid over the image ({@link #anchors}); its box centre is
 * predicted as an offset from that point, and its cross-attention knows where the point is (RoPE turns
 * the query by the point's cell, sine adds the point's encoding), so from the first step an object is
 * matched to a query near it.
 */
public enum QueryKind {
    LEARNED,
    ANCHORED;

    public static QueryKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("query-kind must be learned or anchored, got '" + s + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The anchor points of {@code n} queries as (x, y) in (0, 1) of the image: the centres of a grid of
     * ⌈√n⌉ columns, filled row by row (12 queries: 4 × 3); a last row that is not full spreads its points over the width.
     */
    public static double[][] anchors(int n) {
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        double[][] points = new double[n][];
        for (int q = 0; q < n; q++) {
            int row = q / cols;
            int inRow = Math.min(cols, n - row * cols);
            double x = (q % cols + 0.5) / inRow;
            points[q] = new double[]{x, (row + 0.5) / rows};
        }
        return points;
    }
}
