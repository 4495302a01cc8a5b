package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.network.HostFloats;
import dev.argus.zoo.postprocess.OutputDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decodes the activated output of DL4J's {@code Yolo2OutputLayer}, channels-last:
 * {@code [n, grid, grid, B·(5 + C)]}, for each anchor b the channels {@code b·(5+C) + k} hold
 * x, y (sigmoid, within the cell), w, h (prior·exp, in cells), objectness (sigmoid) and the class
 * softmax. A box is a candidate for every class whose objectness × class probability passes the
 * threshold; then class-aware NMS per image.
 *
 * <p>Reads a float[] copy rather than DL4J's {@code YoloUtils}: in M2.1 its NMS mixes the images of a
 * batch, and its class lookup returns empty arrays for part of a batch (an ND4J view-indexing bug).
 *
 * <p>Parameters: {@code output} ("yolo"), {@code stride} (8), {@code priors} (list of [w, h] in pixels;
 * only their count is read, the network already applied them), {@code score_threshold} (0.05),
 * {@code nms_iou} (0.5), {@code max_detections} (100).
 */
public final class YoloDecoder implements OutputDecoder {

    /** The output layer a trained YOLO head writes, and its stride, unless the manifest says otherwise. */
    public static final String DEFAULT_OUTPUT = "yolo";
    public static final int DEFAULT_STRIDE = 8;

    public static final String TYPE = "yolo2";

    private final String output;
    private final int stride;
    private final int anchors;
    private final float scoreThreshold;
    private final int numClasses;
    private final NonMaxSuppression nms;

    public YoloDecoder(DecoderSpec spec, int numClasses) {
        this.output = spec.stringParam("output", DEFAULT_OUTPUT);
        this.stride = spec.intParam("stride", DEFAULT_STRIDE);
        Object priors = spec.params().get("priors");
        if (!(priors instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("decoder 'yolo2' parameter 'priors' must be a non-empty list of [w, h], got " + priors);
        }
        this.anchors = list.size();
        if (stride <= 0) {
            throw new IllegalArgumentException("decoder 'yolo2' parameter 'stride' must be positive, got " + stride);
        }
        this.scoreThreshold = (float) spec.doubleParam("score_threshold", 0.05);
        this.numClasses = numClasses;
        this.nms = NonMaxSuppression.perClass((float) spec.doubleParam("nms_iou", 0.5), spec.intParam("max_detections", 100));
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        INDArray out = outputs.get(output);
        if (out == null) {
            throw new IllegalArgumentException("decoder 'yolo2': the network has no output '" + output + "' (it has "
                    + outputs.keySet() + ")");
        }
        int per = 5 + numClasses;
        long[] shape = out.shape();
        if (shape.length != 4 || shape[3] != (long) anchors * per) {
            throw new IllegalArgumentException("decoder 'yolo2': output '" + output + "' has shape "
                    + java.util.Arrays.toString(shape) + ", expected [batch, rows, cols, " + anchors * per + "] ("
                    + anchors + " anchors x (5 + " + numClasses + " classes))");
        }
        int n = (int) shape[0];
        int rows = (int) shape[1];
        int cols = (int) shape[2];
        float[] v = HostFloats.copyOf(out);
        int channels = anchors * per;
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            CandidateBoxes boxes = new CandidateBoxes();
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    int cell = ((b * rows + row) * cols + col) * channels;
                    for (int a = 0; a < anchors; a++) {
                        int o = cell + a * per;
                        float objectness = v[o + 4];
                        if (objectness < scoreThreshold) {
                            continue; // class probabilities are at most 1
                        }
                        float cx = (col + v[o]) * stride;
                        float cy = (row + v[o + 1]) * stride;
                        float hw = v[o + 2] * stride / 2;
                        float hh = v[o + 3] * stride / 2;
                        for (int c = 0; c < numClasses; c++) {
                            float score = objectness * v[o + 5 + c];
                            if (score >= scoreThreshold) {
                                boxes.add(cx - hw, cy - hh, cx + hw, cy + hh, score, c);
                            }
                        }
                    }
                }
            }
            perImage.add(nms.apply(boxes));
        }
        return perImage;
    }
}
