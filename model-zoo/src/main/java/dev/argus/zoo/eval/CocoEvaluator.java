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
 * <p>Images are added one at a time; only the per-image match results are kept (a score and an int of
 * flags per area range for each detection), so memory grows with the number of detections, not
 * images' pixels. For sets of any size the two halves are public: {@link #matchImage} per image and a
 * {@link PrecisionAccumulator} per class fed in ranking order, which is how {@code argus evaluate}
 * splits the work over a MapReduce job. Not thread-safe.
 */
public final class CocoEvaluator {

    public static final int MAX_DETECTIONS = 100;
    static final int THRESHOLDS = 10;
    static final int RECALL_POINTS = 101;
    private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, THRESHOLDS);
    static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, RECALL_POINTS);
    private static final int MATCHED = 1;
    private static final int IGNORED = 1 << 16;

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
    /** class id → one entry per image where the class occurs in truth or detections, in the order added */
    private final Map<Integer, List<ImageMatches>> matches = new LinkedHashMap<>();
    private int images;

    /** @param categories the evaluated classes, id to name; detections of other classes are not scored */
    public CocoEvaluator(Map<Integer, String> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("no categories to evaluate");
        }
        this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        for (int id : categories.keySet()) {
            matches.put(id, new ArrayList<>());
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
            ImageMatches m = matchImage(classId, truth, found);
            if (m != null) {
                matches.get(classId).add(m);
            }
        }
    }

    /**
     * pycocotools' evaluateImg for one image and one class, in every area range: the image's detections
     * of the class by descending score (at most {@value #MAX_DETECTIONS}; ties keep their input order)
     * with their match flags, and the truth boxes that count. Null when the image has neither truth nor
     * detections of the class. What a {@link PrecisionAccumulator} takes, one image apart from the next.
     */
    public static ImageMatches matchImage(int classId, GroundTruth truth, List<Detection> found) {
        List<Detection> gt = new ArrayList<>();
        List<Boolean> crowd = new ArrayList<>();
        for (Detection d : truth.objects()) {
            if (d.classId() == classId) {
                gt.add(d);
                crowd.add(false);
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
            return null;
        }
        // List.sort is stable: equal scores keep the detector's order, as numpy's mergesort does
        dt.sort((x, y) -> Float.compare(y.score(), x.score()));
        if (dt.size() > MAX_DETECTIONS) {
            dt = dt.subList(0, MAX_DETECTIONS);
        }
        double[][] iou = overlaps(dt, gt, crowd);
        AreaRange[] ranges = AreaRange.values();
        int[][] flags = new int[ranges.length][];
        int[] counted = new int[ranges.length];
        for (AreaRange range : ranges) {
            match(dt, gt, crowd, iou, range, flags, counted);
        }
        float[] scores = new float[dt.size()];
        for (int d = 0; d < scores.length; d++) {
            scores[d] = dt.get(d).score();
        }
        return new ImageMatches(scores, flags, counted);
    }

    /** The metrics over every image added so far: each class on its own, then {@link CocoMetrics#combine}. */
    public CocoMetrics metrics() {
        List<CocoMetrics> perClass = new ArrayList<>();
        for (Map.Entry<Integer, String> c : categories.entrySet()) {
            perClass.add(classMetrics(c.getKey(), c.getValue(), matches.get(c.getKey())));
        }
        return CocoMetrics.combine(perClass); // each class's metrics carry this evaluator's image count
    }

    private CocoMetrics classMetrics(int classId, String name, List<ImageMatches> perImage) {
        AreaRange[] ranges = AreaRange.values();
        long[] counted = new long[ranges.length];
        int total = 0;
        for (ImageMatches m : perImage) {
            total += m.scores().length;
            for (int a = 0; a < ranges.length; a++) {
                counted[a] += m.counted()[a];
            }
        }
        // every detection of the class, by descending score; ties in image order, then detector order
        long[] keys = new long[total];
        int[] image = new int[total];
        int[] index = new int[total];
        int n = 0;
        for (int i = 0; i < perImage.size(); i++) {
            float[] s = perImage.get(i).scores();
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
        PrecisionAccumulator[] curves = PrecisionAccumulator.perAreaRange(counted);
        for (long key : keys) {
            int pos = (int) key;
            int[][] flags = perImage.get(image[pos]).flags();
            for (int a = 0; a < ranges.length; a++) {
                if (curves[a] != null) {
                    curves[a].add(flags[a][index[pos]]);
                }
            }
        }
        return classMetrics(classId, name, curves, images, counted[AreaRange.ALL.ordinal()], total);
    }

    /**
     * One class's metrics from its precision curves, one per {@link AreaRange} in order (null where the
     * class has no counted truth in that range). {@link CocoMetrics#combine} makes a set's metrics of them.
     */
    public static CocoMetrics classMetrics(int classId, String name, PrecisionAccumulator[] curves, int images,
                                           long objects, long detections) {
        double[][][] precision = new double[curves.length][][];
        for (int a = 0; a < curves.length; a++) {
            precision[a] = curves[a] == null ? null : curves[a].precision();
        }
        double[][] all = precision[AreaRange.ALL.ordinal()];
        double[] recall = curves[AreaRange.ALL.ordinal()] == null ? null : curves[AreaRange.ALL.ordinal()].recall();
        CocoMetrics.ClassAp ap = new CocoMetrics.ClassAp(classId, name, objects,
                all == null ? Double.NaN : mean(all, -1), all == null ? Double.NaN : mean(all, 0));
        return new CocoMetrics(meanOf(all, -1), meanOf(all, 0), meanOf(all, 5),
                meanOf(precision[AreaRange.SMALL.ordinal()], -1), meanOf(precision[AreaRange.MEDIUM.ordinal()], -1),
                meanOf(precision[AreaRange.LARGE.ordinal()], -1), recall == null ? Double.NaN : meanOf(recall),
                List.of(ap), images, objects, detections);
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
    private static void match(List<Detection> dt, List<Detection> gt, List<Boolean> crowd, double[][] iou,
                              AreaRange range, int[][] flagsOut, int[] countedOut) {
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
        int[] flags = new int[nDt];
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
                    if (range.excludes(area(dt.get(d)))) {
                        flags[d] |= IGNORED << t;
                    }
                    continue;
                }
                flags[d] |= MATCHED << t;
                if (gtIgnored[m]) {
                    flags[d] |= IGNORED << t;
                }
                gtTaken[m] = true;
            }
        }
        flagsOut[range.ordinal()] = flags;
        countedOut[range.ordinal()] = counted;
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

    private static double meanOf(double[][] precision, int t) {
        return precision == null ? Double.NaN : mean(precision, t);
    }

    private static double meanOf(double[] recall) {
        double sum = 0;
        for (double v : recall) {
            sum += v;
        }
        return sum / recall.length;
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

    /** Whether a detection matched a truth box at threshold {@code t}, from its flags in {@link ImageMatches}. */
    public static boolean matched(int flags, int t) {
        return (flags & (MATCHED << t)) != 0;
    }

    /** Whether a detection counts neither way at threshold {@code t} (crowd, or outside the area range). */
    public static boolean ignored(int flags, int t) {
        return (flags & (IGNORED << t)) != 0;
    }

    /**
     * One image's detections of one class: scores by rank, and per {@link AreaRange} (first index) the
     * match flags of each (bit t: matched at IoU threshold t; bit 16 + t: ignored there) and the truth
     * boxes that count.
     */
    public record ImageMatches(float[] scores, int[][] flags, int[] counted) {
    }
}
