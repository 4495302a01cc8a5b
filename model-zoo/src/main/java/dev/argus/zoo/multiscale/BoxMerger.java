package dev.argus.zoo.multiscale;

import dev.argus.zoo.Detection;
import dev.argus.zoo.NonMaxSuppression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins one image's detections from all its tiles into one list, in two steps.
 *
 * <p><b>Cut boxes.</b> A detection touching an edge where its tile cuts the image is probably part of an
 * object. It is dropped when another tile of the same level (same size, so the model saw the object at
 * the same zoom) covers the box fully without cutting it: that neighbour saw the whole object. Only the
 * same level counts, because a coarser pass covering the box may well have missed a small object.
 *
 * <p><b>Overlaps.</b> Then, per class: NMS keeps the best box of each overlapping group; NMM merges each
 * group into the union of its boxes with the group's best score (greedy, from the best box down, each box
 * compared with its group's best box, as SAHI's greedy NMM does). With {@link MergeMode#NMM_IOS} a piece
 * of an object lying inside the whole box seen elsewhere has IoS near 1 and merges into it, which also
 * catches cut boxes the first step could not drop (objects larger than a tile).
 */
public final class BoxMerger {

    /** Pixels from a cutting edge within which a box counts as cut. */
    static final float CUT_MARGIN = 2f;

    private final MergeMode mode;
    private final double threshold;
    private final int maxDetections;

    public BoxMerger(MergeMode mode, double threshold, int maxDetections) {
        this.mode = mode;
        this.threshold = threshold;
        this.maxDetections = maxDetections;
    }

    public List<Detection> merge(List<TileDetections> tiles) {
        List<Detection> candidates = new ArrayList<>();
        for (TileDetections td : tiles) {
            for (Detection d : td.detections()) {
                if (!seenWholeElsewhere(d, td.tile(), tiles)) {
                    candidates.add(d);
                }
            }
        }
        if (mode == MergeMode.NMS) {
            return NonMaxSuppression.perClass((float) threshold, maxDetections).apply(candidates);
        }
        return greedyMerge(candidates);
    }

    private static boolean seenWholeElsewhere(Detection d, Tile own, List<TileDetections> tiles) {
        if (!own.touchesInnerEdge(d, CUT_MARGIN)) {
            return false;
        }
        for (TileDetections other : tiles) {
            Tile t = other.tile();
            if (t != own && t.level().equals(own.level()) && t.coversUncut(d, CUT_MARGIN)) {
                return true;
            }
        }
        return false;
    }

    private List<Detection> greedyMerge(List<Detection> candidates) {
        List<Detection> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparingDouble(Detection::score).reversed()); // stable: ties keep tile order
        boolean[] used = new boolean[order.size()];
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < order.size() && out.size() < maxDetections; i++) {
            if (used[i]) {
                continue;
            }
            Detection best = order.get(i);
            float x1 = best.x1();
            float y1 = best.y1();
            float x2 = best.x2();
            float y2 = best.y2();
            for (int j = i + 1; j < order.size(); j++) {
                Detection d = order.get(j);
                if (!used[j] && d.classId() == best.classId() && match(best, d) > threshold) {
                    used[j] = true;
                    x1 = Math.min(x1, d.x1());
                    y1 = Math.min(y1, d.y1());
                    x2 = Math.max(x2, d.x2());
                    y2 = Math.max(y2, d.y2());
                }
            }
            out.add(new Detection(best.classId(), best.label(), best.score(), x1, y1, x2, y2));
        }
        return out;
    }

    private double match(Detection a, Detection b) {
        if (mode == MergeMode.NMM_IOU) {
            return a.iou(b);
        }
        return intersectionOverSmaller(a, b);
    }

    static double intersectionOverSmaller(Detection a, Detection b) {
        float iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        float ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float smaller = Math.min(a.area(), b.area());
        return smaller <= 0 ? 0 : iw * ih / smaller;
    }
}
