package dev.argus.zoo;

import java.util.Arrays;

/**
 * The previous {@link NonMaxSuppression} algorithm, kept verbatim as the reference the per-class buckets
 * must reproduce exactly: one walk over all boxes in score order, each candidate compared with every box
 * kept so far (skipping other classes), so per-class suppression costs O(n·k) over all k kept boxes.
 * Used by {@code NonMaxSuppressionMatchesReferenceTest} and by {@code NmsBenchmark}'s "previous" rows.
 */
public final class ReferenceNms {

    private ReferenceNms() {
    }

    /** Indices of the kept boxes, highest score first (ties: lower index first). NaN scores are dropped. */
    public static int[] keep(CandidateBoxes boxes, float iouThreshold, int maxDetections, boolean classAware) {
        int n = boxes.size();
        long[] order = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            float s = boxes.score(i);
            if (!Float.isNaN(s)) {
                int bits = Float.floatToIntBits(s);
                int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
                order[m++] = ((long) sortable << 32) | (Integer.MAX_VALUE - i);
            }
        }
        Arrays.sort(order, 0, m);

        int limit = Math.min(maxDetections, m);
        int[] kept = new int[limit];
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
}
