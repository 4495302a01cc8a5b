package dev.argus.zoo.arch;

import dev.argus.zoo.Detection;
import dev.argus.zoo.postprocess.YoloGridCoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Targets of the multi-scale YOLO head, one {@code [n, A·(5+C), grid, grid]} array per level in
 * {@link YoloGridCoding}'s layout. The assignment rule:
 * <ol>
 *   <li>a box goes to the one anchor, over all levels, whose shape (centred on the box) has the
 *       highest IoU with it — that picks the level and the anchor;</li>
 *   <li>on that level it is assigned to the cell holding its centre, and to the two neighbour cells
 *       nearest the centre, one across and one down (YOLOv5's rule; the coding reaches half a cell
 *       beyond its own, so a neighbour can predict the box exactly); neighbours outside the grid are
 *       skipped, and so is the neighbour across (down) of a centre exactly halfway across (down) its cell;</li>
 *   <li>a (cell, anchor) pair holds one box: centre cells are filled first, larger boxes first, and a
 *       neighbour cell only takes a box if that pair is still free.</li>
 * </ol>
 * An assigned pair gets objectness 1, the box (centre offset from the cell's corner, width, height,
 * in cells of the level) and the one-hot class; every other pair objectness 0.
 */
final class YoloFpnLabels implements LabelEncoder {

    private final int inputSize;
    private final int numClasses;

    YoloFpnLabels(int inputSize, int numClasses) {
        this.inputSize = inputSize;
        this.numClasses = numClasses;
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet encode(INDArray features, List<List<Detection>> boxes) {
        int n = boxes.size();
        int levels = YoloFpnHead.STRIDES.length;
        int a = YoloFpnHead.ANCHORS_PER_LEVEL;
        int channels = YoloGridCoding.channels(a, numClasses);
        float[][] labels = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int grid = inputSize / YoloFpnHead.STRIDES[l];
            labels[l] = new float[n * channels * grid * grid];
        }
        for (int b = 0; b < n; b++) {
            List<Detection> sorted = new ArrayList<>();
            for (Detection d : boxes.get(b)) {
                if (LabelEncoder.trainable(d, numClasses)) {
                    sorted.add(d);
                }
            }
            sorted.sort(Comparator.comparingDouble((Detection d) -> d.area()).reversed());
            for (boolean centres : new boolean[]{true, false}) {
                for (Detection d : sorted) {
                    int best = bestAnchor(d.width(), d.height());
                    int level = best / a;
                    int anchor = best % a;
                    int stride = YoloFpnHead.STRIDES[level];
                    int grid = inputSize / stride;
                    double cx = (d.x1() + d.x2()) / 2.0 / stride;
                    double cy = (d.y1() + d.y2()) / 2.0 / stride;
                    int col = Math.min(grid - 1, Math.max(0, (int) cx));
                    int row = Math.min(grid - 1, Math.max(0, (int) cy));
                    if (centres) {
                        assign(labels[level], b, grid, channels, row, col, anchor, d, cx, cy, stride);
                    } else {
                        int across = neighbour(cx - col, col);
                        int down = neighbour(cy - row, row);
                        if (across >= 0 && across < grid && across != col) {
                            assign(labels[level], b, grid, channels, row, across, anchor, d, cx, cy, stride);
                        }
                        if (down >= 0 && down < grid && down != row) {
                            assign(labels[level], b, grid, channels, down, col, anchor, d, cx, cy, stride);
                        }
                    }
                }
            }
        }
        INDArray[] ys = new INDArray[levels];
        for (int l = 0; l < levels; l++) {
            int grid = inputSize / YoloFpnHead.STRIDES[l];
            ys[l] = Nd4j.create(labels[l], new long[]{n, channels, grid, grid}, 'c');
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features}, ys);
    }

    /**
     * The neighbour index nearer a centre at {@code fraction} of cell {@code index}; the cell itself for a
     * centre exactly in the middle, where the coding could not reach from either neighbour.
     */
    private static int neighbour(double fraction, int index) {
        return fraction < 0.5 ? index - 1 : fraction > 0.5 ? index + 1 : index;
    }

    /** The index, over all levels' anchors, of the one whose shape best matches w x h pixels. */
    static int bestAnchor(double w, double h) {
        int best = 0;
        double bestIou = -1;
        for (int i = 0; i < YoloFpnHead.ANCHORS_PIXELS.length; i++) {
            double iou = AnchorKMeans.shapeIou(w, h, YoloFpnHead.ANCHORS_PIXELS[i][0], YoloFpnHead.ANCHORS_PIXELS[i][1]);
            if (iou > bestIou) {
                bestIou = iou;
                best = i;
            }
        }
        return best;
    }

    private void assign(float[] y, int b, int grid, int channels, int row, int col, int anchor, Detection d,
                        double cx, double cy, int stride) {
        int a = YoloFpnHead.ANCHORS_PER_LEVEL;
        int plane = grid * grid;
        int base = b * channels * plane + row * grid + col;
        int obj = base + YoloGridCoding.objectness(anchor) * plane;
        if (y[obj] == 1) {
            return;
        }
        y[obj] = 1;
        y[base + YoloGridCoding.box(a, anchor, 0) * plane] = (float) (cx - col);
        y[base + YoloGridCoding.box(a, anchor, 1) * plane] = (float) (cy - row);
        y[base + YoloGridCoding.box(a, anchor, 2) * plane] = d.width() / stride;
        y[base + YoloGridCoding.box(a, anchor, 3) * plane] = d.height() / stride;
        y[base + YoloGridCoding.classLogit(a, numClasses, anchor, d.classId()) * plane] = 1;
    }
}
