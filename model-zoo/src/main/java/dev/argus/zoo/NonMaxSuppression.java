package dev.argus.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy non-maximum suppression: walk the boxes from the highest score down and keep a box unless it
 * overlaps an already kept one by more than the IoU threshold. Class-aware by default (only boxes of the
 * same class suppress each other), or class-agnostic.
 *
 * <p>One O(n log n) sort of primitive keys, then one walk in score order in which each candidate is
 * compared only with the boxes of its own class kept so far (per-class buckets; class-agnostic: one
 * bucket), so the cost is O(n log n + n·k_c) for k_c kept per class — against ND4J's O(n²) all-pairs
 * version, and without comparing a box with the kept boxes of the other classes. Stops as soon as
 * {@code maxDetections} are kept. Thread-safe: holds no state between calls.
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
        int[] ranked = byScore(boxes);
        int m = ranked.length;
        int limit = Math.min(maxDetections, m);
        int[] bucket = new int[m];
        int buckets = classAware ? ClassBuckets.assign(boxes, ranked, bucket) : 1;

        // Each bucket's kept boxes lie side by side in a slice of their own, so a candidate is compared
        // only with the kept boxes of its own class: O(n·k_c) instead of O(n·k) over all classes.
        // A slice holds at most the bucket's boxes and at most the limit, so it never overflows.
        int[] sliceStart = new int[buckets + 1];
        for (int r = 0; r < m; r++) {
            sliceStart[bucket[r] + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            sliceStart[b + 1] = sliceStart[b] + Math.min(sliceStart[b + 1], limit);
        }
        int[] sliceKept = new int[buckets];
        int slots = sliceStart[buckets];
        float[] kx1 = new float[slots];
        float[] ky1 = new float[slots];
        float[] kx2 = new float[slots];
        float[] ky2 = new float[slots];
        float[] karea = new float[slots];

        int[] kept = new int[limit];
        int k = 0;
        for (int r = 0; r < m && k < limit; r++) {
            int i = ranked[r];
            float ax1 = boxes.x1(i);
            float ay1 = boxes.y1(i);
            float ax2 = boxes.x2(i);
            float ay2 = boxes.y2(i);
            float area = Math.max(0f, ax2 - ax1) * Math.max(0f, ay2 - ay1);
            int b = bucket[r];
            int from = sliceStart[b];
            int to = from + sliceKept[b];
            boolean suppressed = false;
            for (int j = from; j < to; j++) {
                // clamped rather than tested: a disjoint box gives inter 0 and a NaN coordinate a NaN
                // inter, neither of which suppresses, as when they were skipped; the skipping branch
                // mispredicted on clustered boxes, where overlapping and disjoint kept boxes alternate
                float iw = Math.max(0f, Math.min(ax2, kx2[j]) - Math.max(ax1, kx1[j]));
                float ih = Math.max(0f, Math.min(ay2, ky2[j]) - Math.max(ay1, ky1[j]));
                float inter = iw * ih;
                float union = area + karea[j] - inter;
                if (union > 0f && inter > iouThreshold * union) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kx1[to] = ax1;
                ky1[to] = ay1;
                kx2[to] = ax2;
                ky2[to] = ay2;
                karea[to] = area;
                sliceKept[b]++;
                kept[k++] = i;
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /** Indices of the non-NaN boxes, highest score first, ties to the lower index. */
    private static int[] byScore(CandidateBoxes boxes) {
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
        int[] ranked = new int[m];
        for (int r = 0; r < m; r++) {
            ranked[r] = Integer.MAX_VALUE - (int) order[m - 1 - r];
        }
        return ranked;
    }

    /**
     * Numbers the distinct class ids 0, 1, 2, … in order of first appearance. Class ids are any ints
     * (negative, sparse), so an open-addressing table rather than an array indexed by id; one probe per
     * box in the usual case.
     */
    private static final class ClassBuckets {

        private ClassBuckets() {
        }

        /** Writes each ranked box's bucket into {@code bucketOut}; returns the number of buckets. */
        static int assign(CandidateBoxes boxes, int[] ranked, int[] bucketOut) {
            int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, ranked.length * 2 - 1)); // table ≥ 2 × boxes
            int mask = (1 << bits) - 1;
            int[] classOf = new int[mask + 1];
            int[] bucketPlusOne = new int[mask + 1]; // 0: empty slot
            int buckets = 0;
            for (int r = 0; r < ranked.length; r++) {
                int cls = boxes.classId(ranked[r]);
                int h = (cls * 0x9E3779B9) >>> (32 - bits);
                while (bucketPlusOne[h] != 0 && classOf[h] != cls) {
                    h = (h + 1) & mask;
                }
                if (bucketPlusOne[h] == 0) {
                    classOf[h] = cls;
                    bucketPlusOne[h] = ++buckets;
                }
                bucketOut[r] = bucketPlusOne[h] - 1;
            }
            return buckets;
        }
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
