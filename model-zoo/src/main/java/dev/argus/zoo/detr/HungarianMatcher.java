package dev.argus.zoo.detr;

import java.util.Arrays;

/**
 * Minimum-cost bipartite matching of ground-truth objects (rows) to predicted queries (columns), the
 * step that turns DETR's unordered set of predictions into per-object training targets. It is written
 * here because DL4J/ND4J has no assignment op and no well-kept small Java library solves the assignment
 * problem without building graph objects per call. Kuhn-Munkres with row/column potentials and
 * shortest augmenting paths (the Jonker-Volgenant "u, v, p, way" form): O(n²·m) time for n ≤ m, O(n + m)
 * extra memory. Thread-safe: holds no state between calls.
 */
public final class HungarianMatcher {

    private HungarianMatcher() {
    }

    /**
     * The column assigned to each row, all distinct, minimising the summed cost. With more rows than
     * columns only {@code cols} rows can be matched: the others get -1, and the matched rows are the
     * cheapest possible set.
     *
     * @throws IllegalArgumentException if the matrix is null, ragged, or holds a NaN or infinite cost
     */
    public static int[] match(double[][] cost) {
        int rows = checkedRows(cost);
        if (rows == 0) {
            return new int[0];
        }
        int cols = cost[0].length;
        if (rows <= cols) {
            return solve(cost, rows, cols, false);
        }
        // The potentials algorithm needs every row matchable, so solve the transpose and invert it.
        int[] rowOfCol = solve(cost, cols, rows, true);
        int[] colOfRow = new int[rows];
        Arrays.fill(colOfRow, -1);
        for (int c = 0; c < cols; c++) {
            colOfRow[rowOfCol[c]] = c;
        }
        return colOfRow;
    }

    private static int checkedRows(double[][] cost) {
        if (cost == null) {
            throw new IllegalArgumentException("cost matrix is null");
        }
        if (cost.length == 0) {
            return 0;
        }
        if (cost[0] == null) {
            throw new IllegalArgumentException("cost matrix row 0 is null");
        }
        int cols = cost[0].length;
        for (int r = 0; r < cost.length; r++) {
            if (cost[r] == null) {
                throw new IllegalArgumentException("cost matrix row " + r + " is null");
            }
            if (cost[r].length != cols) {
                throw new IllegalArgumentException("cost matrix is ragged: row " + r + " has "
                        + cost[r].length + " columns, row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                if (!Double.isFinite(cost[r][c])) {
                    throw new IllegalArgumentException("cost at row " + r + ", column " + c
                            + " is " + cost[r][c] + "; costs must be finite");
                }
            }
        }
        return cost.length;
    }

    /**
     * Assigns each of the n "left" vertices to a distinct one of the m ≥ n "right" vertices. Reads
     * cost[i][j] (or cost[j][i] when transposed) so the caller need not copy the matrix. Indices inside
     * are 1-based: slot 0 of p and way is the virtual column holding the row being inserted.
     */
    private static int[] solve(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minReduced = new double[m + 1];
        boolean[] used = new boolean[m + 1];

        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minReduced, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            // Dijkstra over reduced costs (non-negative thanks to the potentials) until a free column is reached.
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double c = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
                        double reduced = c - u[i0] - v[j];
                        if (reduced < minReduced[j]) {
                            minReduced[j] = reduced;
                            way[j] = j0;
                        }
                        if (minReduced[j] < delta) {
                            delta = minReduced[j];
                            j1 = j;
                        }
                    }
                }
                // Shifting potentials by delta keeps tree edges tight and makes the j1 edge tight too.
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minReduced[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            // Flip the augmenting path back to the virtual column.
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }

        int[] assigned = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                assigned[p[j] - 1] = j - 1;
            }
        }
        return assigned;
    }
}
