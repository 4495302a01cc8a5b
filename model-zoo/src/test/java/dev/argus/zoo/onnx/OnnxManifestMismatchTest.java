package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detectors;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.InputSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle whose manifest does not describe its ONNX model is refused at open, before any image, with
 * one line naming the mismatch.
 */
class OnnxManifestMismatchTest {

    @TempDir
    Path tmp;

    /** A YOLOv8-layout model for the three labels: input images [n, 3, 64, 64], output0 [n, 7, 6]. */
    private static TinyOnnxModel yolov8() {
        return zeros(7, 6);
    }

    /** A model whose one output, output0 [n, dims...], is all zeros: only its declared shape matters here. */
    private static TinyOnnxModel zeros(long... dims) {
        int size = 1;
        for (long d : dims) {
            size *= (int) d;
        }
        long[] declared = new long[dims.length + 1];
        declared[0] = -1;
        System.arraycopy(dims, 0, declared, 1, dims.length);
        return new TinyOnnxModel("images", -1, 3, 64, 64).output("output0", dims, new float[size], new float[size], declared);
    }

    /** The YOLOv8-layout model's bundle, its manifest saying a square input of {@code size}, {@code layout}, {@code inputName}. */
    private Path yolov8Bundle(int size, InputSpec.Layout layout, String inputName, List<String> labels) throws IOException {
        return OnnxBundles.write(tmp.resolve("b"), yolov8(),
                new InputSpec(size, size, layout, "RGB", InputSpec.Resize.LETTERBOX, 114f, inputName), labels, "yolov8", Map.of());
    }

    @Test
    void inputName() throws IOException {
        Path dir = yolov8Bundle(64, InputSpec.Layout.NCHW, "input", OnnxBundles.LABELS);
        refused(dir, "the manifest's input is 'input' but the model's input is 'images'");
    }

    @Test
    void inputSize() throws IOException {
        Path dir = yolov8Bundle(32, InputSpec.Layout.NCHW, "images", OnnxBundles.LABELS);
        refused(dir, "the network's input 'images' has shape [-1, 3, 64, 64] but the manifest says 32x32 NCHW");
    }

    @Test
    void inputLayout() throws IOException {
        Path dir = yolov8Bundle(64, InputSpec.Layout.NHWC, "images", OnnxBundles.LABELS);
        refused(dir, "but the manifest says 64x64 NHWC with 3 channels, i.e. [n, 64, 64, 3]");
    }

    @Test
    void outputName() throws IOException {
        Path dir = OnnxBundles.write(tmp.resolve("b"), yolov8(), "yolov8", Map.of("output", "output1"));
        refused(dir, "decoder 'yolov8' reads output 'output1' but the model's outputs are [output0]");
    }

    @Test
    void classCountAgainstOutputWidth() throws IOException {
        Path dir = yolov8Bundle(64, InputSpec.Layout.NCHW, "images", List.of("a", "b", "c", "d"));
        refused(dir, "output 'output0' has shape [-1, 7, 6], expected [n, 4 + classes, anchors] with dimension 1 = 8"
                + " (cx, cy, w, h and the manifest's 4 labels)");
    }

    @Test
    void transposedYolov8Export() throws IOException {
        Path dir = OnnxBundles.write(tmp.resolve("b"), zeros(6, 7), "yolov8", Map.of());
        refused(dir, "output 'output0' has shape [-1, 6, 7]: anchors first, expected [n, 4 + classes, anchors]");
    }

    @Test
    void outputRank() throws IOException {
        Path dir = OnnxBundles.write(tmp.resolve("b"), zeros(42), "yolov5", Map.of());
        refused(dir, "decoder 'yolov5': output 'output0' has shape [-1, 42], expected [n, anchors, 5 + classes]");
    }

    @Test
    void yolov5ClassCount() throws IOException {
        Path dir = OnnxBundles.write(tmp.resolve("b"), zeros(6, 7), "yolov5", Map.of());
        refused(dir, "expected [n, anchors, 5 + classes] with dimension 2 = 8 (cx, cy, w, h, objectness and the"
                + " manifest's 3 labels)");
    }

    @Test
    void rtdetrSoftmaxNeedsTheNoObjectColumn() throws IOException {
        Path dir = OnnxBundles.write(tmp.resolve("b"), zeros(4, 7), "rtdetr", Map.of("scores", "softmax"));
        refused(dir, "expected [n, queries, 4 + classes + 1] with dimension 2 = 8");
    }

    @Test
    void boxesAndScoresDisagreeOnRows() throws IOException {
        TinyOnnxModel nms = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("boxes", new long[]{5, 4}, new float[20], new float[20], -1, 5, 4)
                .output("scores", new long[]{4}, new float[4], new float[4], -1, 4)
                .output("classes", new long[]{5}, new float[5], new float[5], -1, 5);
        Path dir = OnnxBundles.write(tmp.resolve("b"), nms, "boxes-scores-classes", Map.of());
        refused(dir, "output 'scores' has shape [-1, 4], expected [n, k] with dimension 1 = 5 (k rows, as in 'boxes')");
    }

    @Test
    void twoInputs() throws IOException {
        // RT-DETR's own export also takes orig_target_sizes: Argus feeds one image tensor
        Path dir = OnnxBundles.write(tmp.resolve("b"), yolov8().extraInput("orig_target_sizes", -1, 2), "yolov8", Map.of());
        refused(dir, "the model has 2 inputs [images, orig_target_sizes]; Argus feeds one image tensor");
    }

    private static void refused(Path dir, String expected) {
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("tiny-onnx/1 (" + dir + ")") || e.getMessage().startsWith("bundle " + dir),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
