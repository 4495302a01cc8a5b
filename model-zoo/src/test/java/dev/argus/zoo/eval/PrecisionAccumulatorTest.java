package dev.argus.zoo.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming accumulation against pycocotools' accumulate written out as it is there (cumulative
 * sums over the ranked detections, the envelope made monotone from the end, a search per recall
 * point), on random rankings: equal to the last bit, at every threshold and recall point.
 */
class PrecisionAccumulatorTest {

    @Test
    void streamingEqualsSortingEveryDetectionFirst() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = random.nextInt(trial < 10 ? 3 : 400);
            int counted = 1 + random.nextInt(trial % 3 == 0 ? 5 : 300);
            int[] flags = new int[n];
            for (int d = 0; d < n; d++) {
                for (int t = 0; t < CocoEvaluator.THRESHOLDS; t++) {
                    // matches get rarer at stricter thresholds, as with real boxes
                    if (random.nextDouble() < 0.7 - 0.05 * t) {
                        flags[d] |= 1 << t;
                    }
                    if (random.nextDouble() < 0.1) {
                        flags[d] |= 1 << (16 + t);
                    }
                }
            }
            PrecisionAccumulator streaming = new PrecisionAccumulator(counted);
            for (int f : flags) {
                streaming.add(f);
            }
            double[][] precision = streaming.precision();
            double[] recall = streaming.recall();
            for (int t = 0; t < CocoEvaluator.THRESHOLDS; t++) {
                Reference expected = reference(flags, counted, t);
                assertArrayEquals(expected.precision, precision[t], 0, "trial " + trial + " threshold " + t);
                assertEquals(expected.recall, recall[t], 0, "trial " + trial + " threshold " + t);
            }
        }
    }

    private record Reference(double[] precision, double recall) {
    }

    /** pycocotools' COCOeval.accumulate for one threshold, class and area range. */
    private static Reference reference(int[] flags, int counted, int t) {
        int nd = flags.length;
        double[] rc = new double[nd];
        double[] pr = new double[nd];
        long tp = 0;
        long fp = 0;
        for (int d = 0; d < nd; d++) {
            boolean ignored = CocoEvaluator.ignored(flags[d], t);
            boolean matched = CocoEvaluator.matched(flags[d], t);
            tp += matched && !ignored ? 1 : 0;
            fp += !matched && !ignored ? 1 : 0;
            rc[d] = (double) tp / counted;
            pr[d] = tp / (fp + tp + Math.ulp(1.0));
        }
        for (int i = nd - 1; i > 0; i--) {
            if (pr[i] > pr[i - 1]) {
                pr[i - 1] = pr[i];
            }
        }
        double[] q = new double[CocoEvaluator.RECALL_POINTS];
        for (int r = 0; r < q.length; r++) {
            int i = 0; // numpy.searchsorted(rc, recThrs, side='left')
            while (i < nd && rc[i] < CocoEvaluator.RECALL_THRESHOLDS[r]) {
                i++;
            }
            q[r] = i < nd ? pr[i] : 0;
        }
        return new Reference(q, nd == 0 ? 0 : rc[nd - 1]);
    }
}
