package dev.argus.zoo.onnx;

import static dev.argus.zoo.onnx.OnnxBundles.assertBox;
import static dev.argus.zoo.onnx.OnnxBundles.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.network.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each output layout of the ONNX exports users bring, decoded end to end: a real ONNX model on ONNX
 * Runtime, opened from a real bundle directory by {@link Detectors#open}, fed a black and a white image
 * (the white one's boxes shifted 5 px right by the model), boxes asserted.
 */
class BringYourOwnOnnxTest {

    @TempDir
    Path tmp;

    /** YOLOv8/YOLO11: [n, 4 + C, anchors], cx cy w h in pixels, class scores, no objectness. */
    @Test
    void yolov8Layout() throws IOException {
        float[][] anchors = {
                {20, 20, 10, 10, 0.9f, 0.1f, 0},   // kept
                {21, 20, 10, 10, 0.8f, 0, 0},      // same class, IoU 0.82 with the first: suppressed
                {21, 20, 10, 10, 0, 0.7f, 0},      // other class: kept
                {40, 40, 10, 10, 0.2f, 0, 0.1f},   // under 0.25
                {50, 40, 8, 12, 0, 0, 0.6f},       // kept
                {0, 0, 0, 0, 0, 0, 0}};
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{7, 6}, channelsFirst(anchors), channelsFirst(shiftX(anchors)), -1, 7, 6);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("v8"), model, "yolov8", Map.of()))) {
            assertEquals(Engine.ONNXRUNTIME, detector.engine().orElseThrow().engine());
            assertInBothImages(detector, new float[] {15, 15, 25, 25, 0.9f, 0},
                    new float[] {16, 15, 26, 25, 0.7f, 1},
                    new float[] {46, 34, 54, 46, 0.6f, 2});
        }
    }

    /** Ultralytics' default export has a fixed batch of 1: a batch of two runs as two calls. */
    @Test
    void staticBatchOfOneExport() throws IOException {
        float[][] anchors = {{20, 20, 10, 10, 0.9f, 0, 0}, {0, 0, 0, 0, 0, 0, 0}};
        TinyOnnxModel model = new TinyOnnxModel("images", 1, 3, 64, 64)
                .output("output0", new long[]{7, 2}, channelsFirst(anchors), channelsFirst(shiftX(anchors)), 1, 7, 2);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("v8"), model, "yolov8", Map.of()))) {
            assertEquals(1, detector.maxBatch());
            List<List<Detection>> found = detector.detect(List.of(flat(0), flat(255)));
            assertBox(found.get(0).get(0), 15, 15, 25, 25, 0.9f, 0);
            assertBox(found.get(1).get(0), 20, 15, 30, 25, 0.9f, 0);
        }
    }

    /** YOLOv5: [n, anchors, 5 + C], score = objectness x best class. */
    @Test
    void yolov5Layout() throws IOException {
        float[][] anchors = {
                {20, 20, 10, 10, 0.9f, 1, 0, 0},       // 0.9
                {21, 20, 10, 10, 0.8f, 1, 0, 0},       // 0.8, suppressed (IoU 0.82 > 0.45)
                {21, 20, 10, 10, 1, 0.1f, 0.7f, 0},    // 0.7, class b
                {40, 40, 10, 10, 0.2f, 1, 0, 0},       // objectness under 0.25
                {50, 40, 8, 12, 0.8f, 0, 0, 0.75f},    // 0.6, class c
                {0, 0, 0, 0, 0, 0, 0, 0}};
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{6, 8}, rows(anchors), rows(shiftX(anchors)), -1, 6, 8);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("v5"), model, "yolov5", Map.of()))) {
            assertInBothImages(detector, new float[] {15, 15, 25, 25, 0.9f, 0},
                    new float[] {16, 15, 26, 25, 0.7f, 1},
                    new float[] {46, 34, 54, 46, 0.6f, 2});
        }
    }

    /** RT-DETR: [n, queries, 4 + C], boxes as fractions of the input, no NMS (a repeated query stays). */
    @Test
    void rtdetrLayout() throws IOException {
        float[][] queries = {
                {20 / 64f, 20 / 64f, 10 / 64f, 10 / 64f, 0.9f, 0.1f, 0},
                {20 / 64f, 20 / 64f, 10 / 64f, 10 / 64f, 0.8f, 0, 0},
                {50 / 64f, 40 / 64f, 8 / 64f, 12 / 64f, 0, 0, 0.6f},
                {0.5f, 0.5f, 0.1f, 0.1f, 0.1f, 0.2f, 0.1f}};
        float[][] shift = new float[queries.length][7];
        for (float[] q : shift) {
            q[0] = 5 / 64f;
        }
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{4, 7}, rows(queries), rows(shift), -1, 4, 7);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("detr"), model, "rtdetr", Map.of()))) {
            assertInBothImages(detector, new float[] {15, 15, 25, 25, 0.9f, 0},
                    new float[] {15, 15, 25, 25, 0.8f, 0},
                    new float[] {46, 34, 54, 46, 0.6f, 2});
        }
    }

    /** RT-DETR-style logits: one sigmoid per class, as exports that leave the activation out give them. */
    @Test
    void rtdetrLogits() throws IOException {
        float logit = (float) Math.log(0.9 / 0.1);
        float[][] queries = {
                {20 / 64f, 20 / 64f, 10 / 64f, 10 / 64f, logit, -5, -5},
                {0.5f, 0.5f, 0.1f, 0.1f, -3, -3, -3}};
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{2, 7}, rows(queries), new float[14], -1, 2, 7);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("detr"), model, "rtdetr",
                Map.of("scores", "sigmoid")))) {
            List<Detection> d = detector.detect(List.of(flat(0))).get(0);
            assertEquals(1, d.size(), d.toString());
            assertBox(d.get(0), 15, 15, 25, 25, 0.9f, 0);
        }
    }

    /** NMS in the graph: boxes, scores, INT64 classes and an INT64 count; rows past the count are padding. */
    @Test
    void boxesScoresClassesWithCount() throws IOException {
        float[][] boxes = {{15, 15, 25, 25}, {46, 34, 54, 46}, {1, 1, 9, 9}, {0, 0, 0, 0}, {0, 0, 0, 0}};
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("det_boxes", new long[]{5, 4}, rows(boxes), rows(shiftCorners(boxes)), -1, 5, 4)
                .output("det_scores", new long[]{5}, new float[]{0.9f, 0.6f, 0.95f, 0, 0}, new float[5], -1, 5)
                .output("det_classes", new long[]{5}, new float[]{0, 2, 1, 0, 0}, new float[5],
                        Onnx.TensorProto.DataType.INT64, -1, 5)
                .output("num_dets", new long[]{1}, new float[]{2}, new float[1], Onnx.TensorProto.DataType.INT64, -1, 1);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("nms"), model, "boxes-scores-classes",
                Map.of("boxes", "det_boxes", "scores", "det_scores", "classes", "det_classes", "num", "num_dets")))) {
            assertInBothImages(detector, new float[] {15, 15, 25, 25, 0.9f, 0}, new float[] {46, 34, 54, 46, 0.6f, 2});
        }
    }

    /** YOLOv10 / NMS-free exports: [n, k, 6] rows of x1 y1 x2 y2 score class; zero-score rows are padding. */
    @Test
    void packedDetectionsLayout() throws IOException {
        float[][] rows = {{15, 15, 25, 25, 0.9f, 0}, {46, 34, 54, 46, 0.6f, 2}, {0, 0, 0, 0, 0, 0}};
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{3, 6}, rows(rows), rows(shiftCorners(rows)), -1, 3, 6);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("e2e"), model, "xyxy-score-class",
                Map.of()))) {
            assertInBothImages(detector, new float[] {15, 15, 25, 25, 0.9f, 0}, new float[] {46, 34, 54, 46, 0.6f, 2});
        }
    }

    /**
     * A heatmap model exported as plain ONNX gives NCHW outputs; {@code channels_first_outputs} hands them
     * to the CenterNet decoder channels-last. One peak of class b at cell (5, 6), stride 4, ltrb 4 4 6 6.
     */
    @Test
    void channelsFirstHeatmapOutputs() throws IOException {
        float[] heat = new float[3 * 16 * 16];
        heat[256 + 6 * 16 + 5] = 0.9f;
        float[] sizes = new float[4 * 16 * 16];
        float[] ltrb = {4, 4, 6, 6};
        for (int side = 0; side < 4; side++) {
            sizes[side * 256 + 6 * 16 + 5] = ltrb[side];
        }
        TinyOnnxModel model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("keypoints", new long[]{3, 16, 16}, heat, new float[heat.length], -1, 3, 16, 16)
                .output("wh", new long[]{4, 16, 16}, sizes, new float[sizes.length], -1, 4, 16, 16);
        try (GraphDetector detector = Detectors.open(OnnxBundles.write(tmp.resolve("cn"), model, "centernet",
                Map.of("heatmap_output", "keypoints", "size_output", "wh", "stride", 4,
                        Detectors.CHANNELS_FIRST_OUTPUTS, true)))) {
            List<Detection> d = detector.detect(List.of(flat(0))).get(0);
            assertEquals(1, d.size(), d.toString());
            assertBox(d.get(0), 16, 20, 26, 30, 0.9f, 1);
        }
    }

    /**
     * Detects in the black image and the white one (whose boxes the models move 5 px right) and checks
     * that each holds exactly {@code boxes}, in order, each row {@code x1, y1, x2, y2, score, class} of
     * the black image.
     */
    private static void assertInBothImages(GraphDetector detector, float[]... boxes) throws IOException {
        List<List<Detection>> found = detector.detect(List.of(flat(0), flat(255)));
        for (int image = 0; image < 2; image++) {
            float dx = 5 * image;
            List<Detection> d = found.get(image);
            assertEquals(boxes.length, d.size(), d.toString());
            for (int i = 0; i < boxes.length; i++) {
                float[] b = boxes[i];
                assertBox(d.get(i), b[0] + dx, b[1], b[2] + dx, b[3], b[4], (int) b[5]);
            }
        }
    }

    /** [anchors][channels] to the channels-first [channels, anchors] of a YOLOv8 export. */
    static float[] channelsFirst(float[][] anchors) {
        int channels = anchors[0].length;
        float[] out = new float[channels * anchors.length];
        for (int a = 0; a < anchors.length; a++) {
            for (int c = 0; c < channels; c++) {
                out[c * anchors.length + a] = anchors[a][c];
            }
        }
        return out;
    }

    static float[] rows(float[][] rows) {
        int width = rows[0].length;
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }

    /** A delta moving every box's centre x by 5 px. */
    static float[][] shiftX(float[][] rows) {
        float[][] out = new float[rows.length][rows[0].length];
        for (float[] r : out) {
            r[0] = 5;
        }
        return out;
    }

    /** A delta moving every box's x1 and x2 by 5 px right. */
    static float[][] shiftCorners(float[][] rows) {
        float[][] out = new float[rows.length][rows[0].length];
        for (float[] r : out) {
            r[0] = 5;
            r[2] = 5;
        }
        return out;
    }
}
