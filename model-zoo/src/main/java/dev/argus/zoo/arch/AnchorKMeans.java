package dev.argus.zoo.arch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * YOLOv2's anchor clustering: k-means over the training boxes' (width, height) with distance
 * {@code 1 − IoU} of the two shapes placed on one centre, so a cluster is a box shape, not a point
 * pulled by the large boxes as Euclidean k-means would be. Seeded with k boxes drawn at random, then
 * Lloyd iterations (each centre the median shape of its members, which IoU favours over the mean)
 * until no box changes cluster.
 */
public final class AnchorKMeans {

    private AnchorKMeans() {
    }

    /** @return k anchors {w, h}, smallest area first */
    public static double[][] cluster(List<double[]> shapes, int k, long seed) {
        if (shapes.size() < k) {
            throw new IllegalArgumentException("k-means of " + k + " anchors needs at least " + k + " boxes, got " + shapes.size());
        }
        Random random = new Random(seed);
        double[][] centres = new double[k][];
        for (int i = 0; i < k; i++) {
            centres[i] = shapes.get(random.nextInt(shapes.size())).clone();
        }
        int[] member = new int[shapes.size()];
        Arrays.fill(member, -1);
        for (int round = 0; round < 1000; round++) {
            boolean changed = false;
            for (int i = 0; i < shapes.size(); i++) {
                int best = nearest(shapes.get(i), centres);
                changed |= best != member[i];
                member[i] = best;
            }
            if (!changed) {
                break;
            }
            for (int c = 0; c < k; c++) {
                double[] ws = members(shapes, member, c, 0);
                double[] hs = members(shapes, member, c, 1);
                if (ws.length > 0) {
                    centres[c] = new double[]{median(ws), median(hs)};
                }
            }
        }
        Arrays.sort(centres, Comparator.comparingDouble(a -> a[0] * a[1]));
        return centres;
    }

    /** IoU of two box shapes placed on one centre. */
    public static double shapeIou(double w1, double h1, double w2, double h2) {
        double inter = Math.min(w1, w2) * Math.min(h1, h2);
        return inter / (w1 * h1 + w2 * h2 - inter);
    }

    /** The mean over the boxes of the best anchor's shape IoU: how well the anchors cover the shapes. */
    public static double meanBestIou(List<double[]> shapes, double[][] anchors) {
        double sum = 0;
        for (double[] s : shapes) {
            double best = 0;
            for (double[] a : anchors) {
                best = Math.max(best, shapeIou(s[0], s[1], a[0], a[1]));
            }
            sum += best;
        }
        return sum / shapes.size();
    }

    private static int nearest(double[] s, double[][] centres) {
        int best = 0;
        double bestIou = -1;
        for (int c = 0; c < centres.length; c++) {
            double iou = shapeIou(s[0], s[1], centres[c][0], centres[c][1]);
            if (iou > bestIou) {
                bestIou = iou;
                best = c;
            }
        }
        return best;
    }

    private static double[] members(List<double[]> shapes, int[] member, int c, int axis) {
        return java.util.stream.IntStream.range(0, shapes.size()).filter(i -> member[i] == c)
                .mapToDouble(i -> shapes.get(i)[axis]).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
