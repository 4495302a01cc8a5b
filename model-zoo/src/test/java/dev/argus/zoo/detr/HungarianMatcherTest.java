package dev.argus.zoo.detr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianMatcherTest {

    private static final int TRIALS_PER_SHAPE = 6;

    @Test
    void agreesWithBruteForceOnContinuousCosts() {
        Random random = new Random(20240611L);
        int checked = 0;
        for (int rows = 1; rows <= 7; rows++) {
            for (int cols = 1; cols <= 7; cols++) {
                if (rows == 7 && cols == 7) {
                    continue; // 6x7 and 7x6 (5,040 assignments each) already bound the brute force
                }
                for (int t = 0; t < TRIALS_PER_SHAPE; t++) {
                    double[][] cost = new double[rows][cols];
                    for (double[] row : cost) {
                        for (int c = 0; c < cols; c++) {
                            row[c] = random.nextDouble() * 10 - 5;
                        }
                    }
                    int[] got = HungarianMatcher.match(cost);
                    BruteForce best = BruteForce.solve(cost);
                    assertValidAssignment(cost, got);
                    // Continuous costs make the optimum unique, so the assignment itself must agree.
                    assertArrayEquals(best.assignment, got, () -> describe(cost));
                    assertEquals(best.total, total(cost, got), 1e-9, () -> describe(cost));
                    checked++;
                }
            }
        }
        assertEquals(48 * TRIALS_PER_SHAPE, checked);
    }

    @Test
    void agreesWithBruteForceOnIntegerCostsWithTies() {
        Random random = new Random(77L);
        int checked = 0;
        for (int rows = 1; rows <= 7; rows++) {
            for (int cols = 1; cols <= 7; cols++) {
                if (rows == 7 && cols == 7) {
                    continue;
                }
                for (int t = 0; t < TRIALS_PER_SHAPE; t++) {
                    // Few distinct values, so many assignments tie: only the total is well defined.
                    int range = t % 2 == 0 ? 3 : 10;
                    double[][] cost = new double[rows][cols];
                    for (double[] row : cost) {
                        for (int c = 0; c < cols; c++) {
                            row[c] = random.nextInt(range);
                        }
                    }
                    int[] got = HungarianMatcher.match(cost);
                    assertValidAssignment(cost, got);
                    assertEquals(BruteForce.solve(cost).total, total(cost, got), 1e-9, () -> describe(cost));
                    checked++;
                }
            }
        }
        assertEquals(48 * TRIALS_PER_SHAPE, checked);
    }

    @Test
    void identityIsOptimalWhenTheDiagonalIsCheapest() {
        double[][] cost = {
            {0.1, 0.9, 0.8},
            {0.7, 0.2, 0.6},
            {0.9, 0.5, 0.3},
        };
        assertArrayEquals(new int[] {0, 1, 2}, HungarianMatcher.match(cost));
    }

    @Test
    void beatsGreedyRowByRowPicking() {
        // Greedy gives row 0 its cheapest column 0 and leaves row 1 with 100 (total 101); the optimum is 3.
        double[][] cost = {
            {1, 2},
            {1, 100},
        };
        int[] got = HungarianMatcher.match(cost);
        assertArrayEquals(new int[] {1, 0}, got);
        assertEquals(3.0, total(cost, got), 0.0);
    }

    @Test
    void zeroRowsGiveAnEmptyAssignment() {
        assertArrayEquals(new int[0], HungarianMatcher.match(new double[0][0]));
        assertArrayEquals(new int[0], HungarianMatcher.match(new double[0][5]));
    }

    @Test
    void rowsWithoutColumnsAreAllUnmatched() {
        assertArrayEquals(new int[] {-1, -1}, HungarianMatcher.match(new double[2][0]));
    }

    @Test
    void oneRowTakesItsCheapestColumn() {
        assertArrayEquals(new int[] {3}, HungarianMatcher.match(new double[][] {{5, 4, 7, -2, 0}}));
    }

    @Test
    void oneColumnGoesToItsCheapestRowAndTheRestAreUnmatched() {
        double[][] cost = {{5}, {4}, {-2}, {7}};
        assertArrayEquals(new int[] {-1, -1, 0, -1}, HungarianMatcher.match(cost));
    }

    @Test
    void moreRowsThanColumnsLeavesTheExpensiveRowsOut() {
        double[][] cost = {
            {9, 9},
            {1, 2},
            {2, 1},
        };
        assertArrayEquals(new int[] {-1, 0, 1}, HungarianMatcher.match(cost));
    }

    @Test
    void rejectsNaNNamingRowAndColumn() {
        double[][] cost = {
            {1, 2, 3},
            {4, 5, Double.NaN},
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(cost));
        assertEquals("cost at row 1, column 2 is NaN; costs must be finite", e.getMessage());
    }

    @Test
    void rejectsInfiniteCosts() {
        double[][] cost = {{Double.POSITIVE_INFINITY, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(cost));
        assertTrue(e.getMessage().contains("row 0, column 0 is Infinity"), e.getMessage());
    }

    @Test
    void rejectsRaggedRowsNamingTheRow() {
        double[][] cost = {
            {1, 2},
            {3, 4},
            {5},
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(cost));
        assertEquals("cost matrix is ragged: row 2 has 1 columns, row 0 has 2", e.getMessage());
    }

    @Test
    void rejectsNullRows() {
        double[][] cost = {{1, 2}, null};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HungarianMatcher.match(cost));
        assertEquals("cost matrix row 1 is null", e.getMessage());
    }

    /** Every matched column is in range and used once; exactly min(rows, cols) rows are matched. */
    private static void assertValidAssignment(double[][] cost, int[] got) {
        int rows = cost.length;
        int cols = cost[0].length;
        assertEquals(rows, got.length);
        boolean[] taken = new boolean[cols];
        int matched = 0;
        for (int c : got) {
            if (c == -1) {
                continue;
            }
            assertTrue(c >= 0 && c < cols, "column out of range: " + c);
            assertTrue(!taken[c], "column used twice: " + c);
            taken[c] = true;
            matched++;
        }
        assertEquals(Math.min(rows, cols), matched);
    }

    private static double total(double[][] cost, int[] colOfRow) {
        double sum = 0;
        for (int r = 0; r < colOfRow.length; r++) {
            if (colOfRow[r] >= 0) {
                sum += cost[r][colOfRow[r]];
            }
        }
        return sum;
    }

    private static String describe(double[][] cost) {
        return Arrays.deepToString(cost);
    }

    /** Exhaustive search over every injective map from the smaller side into the larger. */
    private static final class BruteForce {
        final double total;
        final int[] assignment;

        private BruteForce(double total, int[] assignment) {
            this.total = total;
            this.assignment = assignment;
        }

        static BruteForce solve(double[][] cost) {
            int rows = cost.length;
            int cols = cost[0].length;
            boolean rowsSmaller = rows <= cols;
            int small = Math.min(rows, cols);
            int large = Math.max(rows, cols);
            Search search = new Search(cost, rowsSmaller, small, large);
            search.extend(0, 0.0);
            int[] colOfRow = new int[rows];
            Arrays.fill(colOfRow, -1);
            for (int s = 0; s < small; s++) {
                int l = search.best[s];
                if (rowsSmaller) {
                    colOfRow[s] = l;
                } else {
                    colOfRow[l] = s;
                }
            }
            return new BruteForce(search.bestTotal, colOfRow);
        }
    }

    private static final class Search {
        final double[][] cost;
        final boolean rowsSmaller;
        final int small;
        final int[] current;
        final boolean[] used;
        int[] best;
        double bestTotal = Double.POSITIVE_INFINITY;

        Search(double[][] cost, boolean rowsSmaller, int small, int large) {
            this.cost = cost;
            this.rowsSmaller = rowsSmaller;
            this.small = small;
            this.current = new int[small];
            this.used = new boolean[large];
        }

        void extend(int s, double sum) {
            if (s == small) {
                if (sum < bestTotal) {
                    bestTotal = sum;
                    best = current.clone();
                }
                return;
            }
            for (int l = 0; l < used.length; l++) {
                if (!used[l]) {
                    used[l] = true;
                    current[s] = l;
                    extend(s + 1, sum + (rowsSmaller ? cost[s][l] : cost[l][s]));
                    used[l] = false;
                }
            }
        }
    }
}
