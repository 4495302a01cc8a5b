package dev.argus.zoo.eval;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detection metrics with the semantics of the COCO benchmark (pycocotools' {@code COCOeval}, bbox mode),
 * so the numbers mean what readers of detection papers expect:
 * <ul>
 *   <li>per image and class, detections are taken by descending score (ties keep their input order),
 *       at most {@value #MAX_DETECTIONS}, and each is greedily matched to the unmatched ground-truth box
 *       of highest IoU, if that IoU reaches the threshold; a detection matched to a crowd region or to
 *       a box outside the area range is ignored, as is an unmatched detection outside the area range;
 *   <li>at each IoU threshold .50:.05:.95, precision is made monotone and read at 101 recall points
 *       0:.01:1; AP is the mean over thresholds, recall points and classes;
 *   <li>area ranges: small ≤ 32², medium 32²..96², large ≥ 96² ({@link CocoSize}'s bounds, inclusive on
 *       both sides, as in pycocotools);
 *   <li>a class with no ground truth (outside crowds) is left out of every mean, and its AP is
 *       reported as NaN — pycocotools' -1.
 * </ul>
 * Deviations: the area of a ground-truth object is its box area (COCO uses the segmentation area where
 * there is one; for box-only data, such as everything Argus writes, the two agree), and a metric with
 * no class to average over is NaN rather than -1.
 *
 * <p>Images are added one at a time; only the per-image match results are kept, so memory grows with
 * the number of detections, not images' pixels. Not thread-safe.
 */
public final class CocoEvaluator {

    public static final int MAX_DETECTIONS = 100;
    static final int THRESHOLDS = 10;
    static final int RECALL_POINTS = 101;
    private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, THRESHOLDS);
    private static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, RECALL_POINTS);

    /** The COCO area ranges, in square pixels, bounds inclusive. */
    public enum AreaRange {
        ALL(0, 1e10),
        SMALL(0, CocoSize.MEDIUM_FROM),
        MEDIUM(CocoSize.MEDIUM_FROM, CocoSize.LARGE_FROM),
        LARGE(CocoSize.LARGE_FROM, 1e10);

        final double min;
        final double max;

        AreaRange(double min, double max) {
            this.min = min;
            this.max = max;
        }

        boolean excludes(double area) {
            return area < min || area > max;
        }
    }

    private final Map<Integer, String> categories;
    /** class id → area range ordinal → one entry per image where the class occurs in truth or detections */
    private final Map<Integer, List<List<ImageMatches>>> matches = new LinkedHashMap<>();
    private int images;
    private long objects;
    private long detections;

    /** @param categories the evaluated classes, id to name; detections of other classes are not scored */
    public CocoEvaluator(Map<Integer, String> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("no categories to evaluate");
        }
        this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        for (int id : categories.keySet()) {
            List<List<ImageMatches>> perArea = new ArrayList<>();
            for (int a = 0; a < AreaRange.values().length; a++) {
                perArea.add(new ArrayList<>());
            }
            matches.put(id, perArea);
        }
    }

    public static CocoEvaluator forCategories(List<CocoAnnotations.Category> categories) {
        Map<Integer, String> byId = new LinkedHashMap<>();
        categories.forEach(c -> byId.put(c.id(), c.name()));
        return new CocoEvaluator(byId);
    }

    /** Scores one image: its ground truth and what the detector found on it. */
    public void add(GroundTruth truth, List<Detection> found) {
        images++;
        for (int classId : categories.keySet()) {
            List<Detection> gt = new ArrayList<>();
            List<Boolean> crowd = new ArrayList<>();
            for (Detection d : truth.objects()) {
                if (d.classId() == classId) {
                    gt.add(d);
                    crowd.add(false);
                    objects++;
                }
            }
            for (Detection d : truth.crowds()) {
                if (d.classId() == classId) {
                    gt.add(d);
                    crowd.add(true);
                }
            }
            List<Detection> dt = new ArrayList<>();
            for (Detection d : found) {
                if (d.classId() == classId) {
                    dt.add(d);
                }
            }
            if (gt.isEmpty() && dt.isEmpty()) {
                continue;
            }
            // List.sort is stable: equal scores keep the detector's order, as numpy's mergesort does
            dt.sort((x, y) -> Float.compare(y.score(), x.score()));
            if (dt.size() > MAX_DETECTIONS) {
                dt = dt.subList(0, MAX_DETECTIONS);
            }
            detections += dt.size();
            double[][] iou = overlaps(dt, gt, crowd);
            for (AreaRange range : AreaRange.values()) {
                matches.get(classId).get(range.ordinal()).add(match(dt, gt, crowd, iou, range));
            }
        }
    }

    /** The metrics over every image added so far. */
    public CocoMetrics metrics() {
        int areas = AreaRange.values().length;
        // [area][class] → precision[threshold][recall point], or null for a class without ground truth
        double[][][][] precision = new double[areas][categories.size()][][];
        double[][][] recall = new double[areas][categories.size()][];
        int k = 0;
        for (int classId : categories.keySet()) {
            for (int a = 0; a < areas; a++) {
                Curve curve = accumulate(matches.get(classId).get(a));
                if (curve != null) {
                    precision[a][k] = curve.precision;
                    recall[a][k] = curve.recall;
                }
            }
            k++;
        }
        List<CocoMetrics.ClassAp> perClass = new ArrayList<>();
        k = 0;
        for (Map.Entry<Integer, String> c : categories.entrySet()) {
            double[][] p = precision[AreaRange.ALL.ordinal()][k];
            long count = truthCount(c.getKey());
            perClass.add(new CocoMetrics.ClassAp(c.getKey(), c.getValue(), count,
                    p == null ? Double.NaN : mean(p, -1), p == null ? Double.NaN : mean(p, 0)));
            k++;
        }
        int all = AreaRange.ALL.ordinal();
        return new CocoMetrics(
                meanOver(precision[all], -1), meanOver(precision[all], 0), meanOver(precision[all], 5),
                meanOver(precision[AreaRange.SMALL.ordinal()], -1), meanOver(precision[AreaRange.MEDIUM.ordinal()], -1),
                meanOver(precision[AreaRange.LARGE.ordinal()], -1), meanRecall(recall[all]),
                perClass, images, objects, detections);
    }

    private long truthCount(int classId) {
        long n = 0;
        for (ImageMatches m : matches.get(classId).get(AreaRange.ALL.ordinal())) {
            n += m.counted;
        }
        return n;
    }

    /** IoU of every detection with every truth box; for a crowd region, the part of the detection inside it. */
    private static double[][] overlaps(List<Detection> dt, List<Detection> gt, List<Boolean> crowd) {
        double[][] iou = new double[dt.size()][gt.size()];
        for (int d = 0; d < dt.size(); d++) {
            Detection a = dt.get(d);
            double areaA = (double) (a.x2() - a.x1()) * (a.y2() - a.y1());
            for (int g = 0; g < gt.size(); g++) {
                Detection b = gt.get(g);
                double iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
                double ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
                if (iw <= 0 || ih <= 0) {
                    continue;
                }
                double inter = iw * ih;
                double areaB = (double) (b.x2() - b.x1()) * (b.y2() - b.y1());
                double union = crowd.get(g) ? areaA : areaA + areaB - inter;
                iou[d][g] = union <= 0 ? 0 : inter / union;
            }
        }
        return iou;
    }

    /** pycocotools' evaluateImg: greedy matching, best-scored detection first, at every threshold. */
    private static ImageMatches match(List<Detection> dt, List<Detection> gt, List<Boolean> crowd, double[][] iou,
                                      AreaRange range) {
        int nGt = gt.size();
        boolean[] gtIgnored = new boolean[nGt];
        int counted = 0;
        for (int g = 0; g < nGt; g++) {
            gtIgnored[g] = crowd.get(g) || range.excludes(area(gt.get(g)));
            if (!gtIgnored[g]) {
                counted++;
            }
        }
        // the boxes that count first, so that a detection prefers them over ignored ones
        int[] order = new int[nGt];
        int o = 0;
        for (int g = 0; g < nGt; g++) {
            if (!gtIgnored[g]) {
                order[o++] = g;
            }
        }
        for (int g = 0; g < nGt; g++) {
            if (gtIgnored[g]) {
                order[o++] = g;
            }
        }
        int nDt = dt.size();
        boolean[][] matched = new boolean[THRESHOLDS][nDt];
        boolean[][] ignored = new boolean[THRESHOLDS][nDt];
        for (int t = 0; t < THRESHOLDS; t++) {
            boolean[] gtTaken = new boolean[nGt];
            for (int d = 0; d < nDt; d++) {
                double best = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int m = -1;
                for (int g : order) {
                    if (gtTaken[g] && !crowd.get(g)) {
                        continue;
                    }
                    if (m > -1 && !gtIgnored[m] && gtIgnored[g]) {
                        break; // already on a box that counts; only ignored ones are left
                    }
                    if (iou[d][g] < best) {
                        continue;
                    }
                    best = iou[d][g];
                    m = g;
                }
                if (m == -1) {
                    ignored[t][d] = range.excludes(area(dt.get(d)));
                    continue;
                }
                matched[t][d] = true;
                ignored[t][d] = gtIgnored[m];
                gtTaken[m] = true;
            }
        }
        float[] scores = new float[nDt];
        for (int d = 0; d < nDt; d++) {
            scores[d] = dt.get(d).score();
        }
        return new ImageMatches(scores, matched, ignored, counted);
    }

    /** pycocotools' accumulate for one class and area range; null when the class has no ground truth there. */
    private static Curve accumulate(List<ImageMatches> perImage) {
        int total = 0;
        int counted = 0;
        for (ImageMatches m : perImage) {
            total += m.scores.length;
            counted += m.counted;
        }
        if (counted == 0) {
            return null;
        }
        // every detection of the class, by descending score; ties in image order, then detector order
        long[] keys = new long[total];
        int[] image = new int[total];
        int[] index = new int[total];
        int n = 0;
        for (int i = 0; i < perImage.size(); i++) {
            float[] s = perImage.get(i).scores;
            for (int d = 0; d < s.length; d++) {
                int bits = Float.floatToIntBits(s[d]);
                int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
                keys[n] = ((long) ~sortable << 32) | n; // ascending key = descending score, then position
                image[n] = i;
                index[n] = d;
                n++;
            }
        }
        java.util.Arrays.sort(keys);
        double[][] precision = new double[THRESHOLDS][RECALL_POINTS];
        double[] recall = new double[THRESHOLDS];
        double[] rc = new double[total];
        double[] pr = new double[total];
        for (int t = 0; t < THRESHOLDS; t++) {
            long tp = 0;
            long fp = 0;
            for (int j = 0; j < total; j++) {
                int pos = (int) keys[j];
                ImageMatches m = perImage.get(image[pos]);
                int d = index[pos];
                if (!m.ignored[t][d]) {
                    if (m.matched[t][d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                rc[j] = (double) tp / counted;
                pr[j] = tp / (fp + tp + Math.ulp(1.0));
            }
            recall[t] = total == 0 ? 0 : rc[total - 1];
            for (int j = total - 1; j > 0; j--) {
                if (pr[j] > pr[j - 1]) {
                    pr[j - 1] = pr[j];
                }
            }
            int j = 0;
            for (int r = 0; r < RECALL_POINTS; r++) {
                while (j < total && rc[j] < RECALL_THRESHOLDS[r]) {
                    j++;
                }
                precision[t][r] = j < total ? pr[j] : 0; // recall never reached: precision 0
            }
        }
        return new Curve(precision, recall);
    }

    /** Mean over recall points, at threshold {@code t} or over all thresholds for -1. */
    private static double mean(double[][] precision, int t) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < THRESHOLDS; i++) {
            if (t >= 0 && i != t) {
                continue;
            }
            for (double v : precision[i]) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }

    private static double meanOver(double[][][] perClass, int t) {
        double sum = 0;
        int n = 0;
        for (double[][] p : perClass) {
            if (p != null) {
                sum += mean(p, t);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double meanRecall(double[][] perClass) {
        double sum = 0;
        int n = 0;
        for (double[] r : perClass) {
            if (r != null) {
                for (double v : r) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double area(Detection d) {
        return (double) (d.x2() - d.x1()) * (d.y2() - d.y1());
    }

    /** As numpy.linspace, so that thresholds equal pycocotools' to the last bit. */
    private static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = start + i * step;
        }
        out[num - 1] = stop;
        return out;
    }

    /** One image's detections of one class in one area range: scores and match state per threshold. */
    private record ImageMatches(float[] scores, boolean[][] matched, boolean[][] ignored, int counted) {
    }

    private record Curve(double[][] precision, double[] recall) {
    }
}
