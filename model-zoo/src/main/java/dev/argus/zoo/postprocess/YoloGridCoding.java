package dev.argus.zoo.postprocess;

/**
 * How one level of the multi-scale YOLO head ({@code yolo-fpn}) lays out its raw outputs, and how raw
 * values become boxes; the loss that trains it and the decoder that reads it share this one definition.
 * At each cell of a level with A anchors and C classes there are {@code A·(5 + C)} channels, grouped by
 * kind: objectness logits {@code [0, A)}, then box values {@code A + 4a + k} (k = x, y, w, h), then
 * class logits {@code 5A + a·C + c}. The box of anchor a at cell (col, row), in cells of the level:
 * <pre>
 *   centre x = col + 2·sigmoid(tx) − 0.5      (−0.5 .. 1.5 around the cell: the cell and its neighbours)
 *   width    = anchor_w · (2·sigmoid(tw))²     (0 .. 4 anchor widths; y and h alike)
 * </pre>
 * as in YOLOv5: bounded, so no exp blows up early in training, and a box centre may lie in a
 * neighbouring cell, which lets the loss assign a box to that neighbour too.
 */
public final class YoloGridCoding {

    private YoloGridCoding() {
    }

    public static int channels(int anchors, int numClasses) {
        return anchors * (5 + numClasses);
    }

    public static int objectness(int anchor) {
        return anchor;
    }

    /** k = 0..3 for x, y, w, h. */
    public static int box(int anchors, int anchor, int k) {
        return anchors + 4 * anchor + k;
    }

    public static int classLogit(int anchors, int numClasses, int anchor, int c) {
        return 5 * anchors + anchor * numClasses + c;
    }

    /** Offset of the box centre from the cell's top-left corner, in cells. */
    public static double centre(double t) {
        return 2 * sigmoid(t) - 0.5;
    }

    /** A side in the anchor's unit. */
    public static double size(double t, double anchor) {
        double s = 2 * sigmoid(t);
        return anchor * s * s;
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
