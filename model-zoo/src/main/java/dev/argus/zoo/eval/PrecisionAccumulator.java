package dev.argus.zoo.eval;

import java.util.Arrays;

/**
 * pycocotools' {@code accumulate} for one class in one area range, fed one detection at a time in
 * ranking order (descending score, ties as the caller ranks them), in constant memory: the precision
 * envelope at the 101 recall points and the final recall at each IoU threshold come out equal to the
 * last bit to sorting every detection first, so a class can be scored over any number of images — in
 * memory by {@link CocoEvaluator}, or as the shuffle sorts them in a MapReduce job.
 *
 * <p>Why it can stream: COCO reads the precision at recall point r as the best precision at any rank
 * whose recall reaches r (the envelope made monotone from the end). Recall only grows down the ranking,
 * so each rank's precision is filed under the number of recall points its recall reaches, and a suffix
 * maximum over those files at the end gives the envelope.
 */
public final class PrecisionAccumulator {

    private final long counted;
    private final long[] tp = new long[CocoEvaluator.THRESHOLDS];
    private final long[] fp = new long[CocoEvaluator.THRESHOLDS];
    private final double[] lastRecall = new double[CocoEvaluator.THRESHOLDS];
    /** per threshold: how many recall points the recall so far reaches */
    private final int[] reached = new int[CocoEvaluator.THRESHOLDS];
    /** [threshold][points reached] → best precision seen at a rank reaching exactly that many points */
    private final double[][] best = new double[CocoEvaluator.THRESHOLDS][CocoEvaluator.RECALL_POINTS + 1];
    private long detections;

    /** @param counted the class's ground-truth boxes that count in this area range (crowds and other sizes left out); > 0 */
    public PrecisionAccumulator(long counted) {
        if (counted <= 0) {
            throw new IllegalArgumentException("a class without counted ground truth has no precision curve");
        }
        this.counted = counted;
        for (double[] b : best) {
            Arrays.fill(b, -1);
        }
    }

    /**
     * One accumulator per {@link CocoEvaluator.AreaRange} for a class with {@code counted[a]} truth boxes
     * counting in range a; null where none count (the class is left out of that range's mean).
     */
    public static PrecisionAccumulator[] perAreaRange(long[] counted) {
        PrecisionAccumulator[] out = new PrecisionAccumulator[counted.length];
        for (int a = 0; a < counted.length; a++) {
            out[a] = counted[a] == 0 ? null : new PrecisionAccumulator(counted[a]);
        }
        return out;
    }

    /** The next detection in ranking order, by its match flags ({@link CocoEvaluator#matched}, {@link CocoEvaluator#ignored}). */
    public void add(int flags) {
        detections++;
        for (int t = 0; t < CocoEvaluator.THRESHOLDS; t++) {
            if (!CocoEvaluator.ignored(flags, t)) {
                if (CocoEvaluator.matched(flags, t)) {
                    tp[t]++;
                } else {
                    fp[t]++;
                }
            }
            double rc = (double) tp[t] / counted;
            double pr = tp[t] / (fp[t] + tp[t] + Math.ulp(1.0));
            while (reached[t] < CocoEvaluator.RECALL_POINTS && CocoEvaluator.RECALL_THRESHOLDS[reached[t]] <= rc) {
                reached[t]++;
            }
            best[t][reached[t]] = Math.max(best[t][reached[t]], pr);
            lastRecall[t] = rc;
        }
    }

    /** [threshold][recall point]: the interpolated precision; 0 where the recall never got there. */
    public double[][] precision() {
        double[][] out = new double[CocoEvaluator.THRESHOLDS][CocoEvaluator.RECALL_POINTS];
        for (int t = 0; t < CocoEvaluator.THRESHOLDS; t++) {
            double envelope = 0;
            for (int r = CocoEvaluator.RECALL_POINTS - 1; r >= 0; r--) {
                envelope = Math.max(envelope, best[t][r + 1]);
                out[t][r] = envelope;
            }
        }
        return out;
    }

    /** [threshold]: the recall after the last detection (0 with none). */
    public double[] recall() {
        return detections == 0 ? new double[CocoEvaluator.THRESHOLDS] : lastRecall.clone();
    }
}
