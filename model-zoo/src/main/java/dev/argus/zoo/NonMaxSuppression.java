package dev.argus.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy non-maximum suppression: walk the boxes from the highest score down and keep a box unless it
 * overlaps an already kept one by more than the IoU threshold. Class-aware by default (only boxes of the
 * same class suppress each other), or class-agnostic.
 *
 * <p>One O(n log n) sort of primitive keys, then each candidate is compared only with the boxes kept so
 * far, so the cost is O(n log n + n·k) for k kept — against ND4J's O(n²) all-pairs version. Stops as
 * soon as {@code maxDetections} are kept. Thread-safe: holds no state between calls.
 */
public final class NonMaxSuppression {

    private final float iouThreshold;
    private final int maxDetections;
    private final boolean classAware;

    private NonMaxSuppression(float iouThreshold, int maxDetections, boolean classAware) {
        if (!(iouThreshold >= 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        if (maxDetections <= 0) {
            throw new IllegalArgumentException("NMS max detections must be positive, got " + maxDetections);
        }
        this.iouThreshold = iouThreshold;
        this.maxDetections = maxDetections;
        this.classAware = classAware;
    }

    /** Boxes suppress only boxes of their own class. */
    public static NonMaxSuppression perClass(float iouThreshold, int maxDetections) {
        return new NonMaxSuppression(iouThreshold, maxDetections, true);
    }

    /** Any box suppresses any other, whatever the classes. */
    public static NonMaxSuppression classAgnostic(float iouThreshold, int maxDetections) {
        return new NonMaxSuppression(iouThreshold, maxDetections, false);
    }

    /** Indices of the kept boxes, highest score first (ties: lower index first). NaN scores are dropped. */
    public int[] keep(CandidateBoxes boxes) {
        int n = boxes.size();
        long[] order = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            float s = boxes.score(i);
            if (!Float.isNaN(s)) {
                // high half: the score as an int that sorts like the float; low half: ties to the lower index
                int bits = Float.floatToIntBits(s);
                int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
                order[m++] = ((long) sortable << 32) | (Integer.MAX_VALUE - i);
            }
        }
        Arrays.sort(order, 0, m);

        int limit = Math.min(maxDetections, m);
        int[] kept = new int[limit];
        // the kept boxes' geometry side by side, so the inner loop reads memory in order
        float[] kx1 = new float[limit];
        float[] ky1 = new float[limit];
        float[] kx2 = new float[limit];
        float[] ky2 = new float[limit];
        float[] karea = new float[limit];
        int[] kclass = new int[limit];
        int k = 0;
        for (int o = m - 1; o >= 0 && k < limit; o--) {
            int i = Integer.MAX_VALUE - (int) order[o];
            float ax1 = boxes.x1(i);
            float ay1 = boxes.y1(i);
            float ax2 = boxes.x2(i);
            float ay2 = boxes.y2(i);
            float area = Math.max(0f, ax2 - ax1) * Math.max(0f, ay2 - ay1);
            int cls = boxes.classId(i);
            boolean suppressed = false;
            for (int j = 0; j < k; j++) {
                if (classAware && kclass[j] != cls) {
                    continue;
                }
                float iw = Math.min(ax2, kx2[j]) - Math.max(ax1, kx1[j]);
                float ih = Math.min(ay2, ky2[j]) - Math.max(ay1, ky1[j]);
                if (iw <= 0f || ih <= 0f) {
                    continue;
                }
                float inter = iw * ih;
                float union = area + karea[j] - inter;
                if (union > 0f && inter > iouThreshold * union) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept[k] = i;
                kx1[k] = ax1;
                ky1[k] = ay1;
                kx2[k] = ax2;
                ky2[k] = ay2;
                karea[k] = area;
                kclass[k] = cls;
                k++;
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /** The kept boxes, highest score first. */
    public CandidateBoxes apply(CandidateBoxes boxes) {
        return boxes.select(keep(boxes));
    }

    /** The kept detections, highest score first. */
    public List<Detection> apply(List<Detection> detections) {
        int[] kept = keep(CandidateBoxes.of(detections));
        List<Detection> out = new ArrayList<>(kept.length);
        for (int i : kept) {
            out.add(detections.get(i));
        }
        return out;
    }

    public float iouThreshold() {
        return iouThreshold;
    }

    public int maxDetections() {
        return maxDetections;
    }

    public boolean classAware() {
        return classAware;
    }
}
