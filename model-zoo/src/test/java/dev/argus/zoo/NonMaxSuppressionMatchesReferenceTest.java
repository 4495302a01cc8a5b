package dev.argus.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-class buckets keep exactly what the previous algorithm ({@link ReferenceNms}) kept, in the same
 * order, on random sets built to hit the corners: score ties, NaN and ±0 scores, zero-area, inverted and
 * duplicate boxes, IoU thresholds 0 and 1, sparse and negative class ids, and limits below and above
 * the number kept.
 */
class NonMaxSuppressionMatchesReferenceTest {

    private static final int[] CLASS_COUNTS = {1, 2, 7, 80, 1_000};
    private static final int[] LIMITS = {1, 5, 100, 300, Integer.MAX_VALUE};

    @Test
    void keepsWhatThePreviousAlgorithmKept() {
        int compared = 0;
        int limited = 0;
        for (int seed = 0; seed < 150; seed++) {
            Random rnd = new Random(seed);
            int n = new int[]{0, 1, 2, 17, 200, 1_000, 3_000}[seed % 7];
            int classes = CLASS_COUNTS[rnd.nextInt(CLASS_COUNTS.length)];
            CandidateBoxes boxes = awkward(rnd, n, classes);
            for (float iou : new float[]{0f, 0.45f, 0.5f, 1f, rnd.nextFloat()}) {
                for (int max : LIMITS) {
                    for (boolean aware : new boolean[]{true, false}) {
                        NonMaxSuppression nms = aware ? NonMaxSuppression.perClass(iou, max) : NonMaxSuppression.classAgnostic(iou, max);
                        int[] expected = ReferenceNms.keep(boxes, iou, max, aware);
                        assertArrayEquals(expected, nms.keep(boxes),
                                "seed " + seed + " n " + n + " classes " + classes + " iou " + iou + " max " + max + " aware " + aware);
                        compared++;
                        if (expected.length == max) {
                            limited++;
                        }
                    }
                }
            }
        }
        // the sets must exercise both the limit and a real amount of suppression, or the test proves little
        assertTrue(compared == 150 * 5 * LIMITS.length * 2, "compared " + compared);
        assertTrue(limited > compared / 10, "only " + limited + " of " + compared + " comparisons hit the limit");
    }

    @Test
    void keepsWhatThePreviousAlgorithmKeptOnDetectorLikeClusters() {
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(1_000 + seed);
            int classes = CLASS_COUNTS[seed % CLASS_COUNTS.length];
            CandidateBoxes boxes = CandidateBoxes.of(RandomBoxes.clustered(rnd, 10_000, classes));
            for (int max : new int[]{300, Integer.MAX_VALUE}) {
                int[] expected = ReferenceNms.keep(boxes, 0.5f, max, true);
                assertArrayEquals(expected, NonMaxSuppression.perClass(0.5f, max).keep(boxes), "seed " + seed + " max " + max);
                assertTrue(expected.length < boxes.size(), "nothing was suppressed, seed " + seed);
            }
        }
    }

    /** Boxes on a coarse grid (many duplicates and exact-threshold overlaps) with the awkward cases mixed in. */
    private static CandidateBoxes awkward(Random rnd, int n, int classes) {
        int classBase = rnd.nextBoolean() ? 0 : rnd.nextInt() / 2; // also negative and sparse class ids
        int classStride = rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(100_000);
        CandidateBoxes boxes = new CandidateBoxes(n);
        for (int i = 0; i < n; i++) {
            float x1 = rnd.nextInt(20) * 4f;
            float y1 = rnd.nextInt(20) * 4f;
            float x2 = x1 + 4f * (1 + rnd.nextInt(6));
            float y2 = y1 + 4f * (1 + rnd.nextInt(6));
            switch (rnd.nextInt(12)) {
                case 0 -> x2 = x1;                          // zero width
                case 1 -> { float t = y1; y1 = y2; y2 = t; } // inverted
                case 2 -> { x1 = x2; y1 = y2; }             // a point
                case 3 -> { x1 = -x1; x2 = -x2; }          // inverted, negative coordinates
                default -> { }
            }
            float score = switch (rnd.nextInt(10)) {
                case 0 -> Float.NaN;
                case 1 -> 0f;
                case 2 -> -0f;
                case 3 -> -rnd.nextInt(5) / 4f;
                default -> rnd.nextInt(16) / 16f;           // ties
            };
            int cls = classBase + classStride * rnd.nextInt(classes);
            boxes.add(x1, y1, x2, y2, score, cls);
            if (i + 1 < n && rnd.nextInt(8) == 0) {        // an exact duplicate, maybe of another class
                boxes.add(x1, y1, x2, y2, score, rnd.nextBoolean() ? cls : classBase + classStride * rnd.nextInt(classes));
                i++;
            }
        }
        return boxes;
    }
}
