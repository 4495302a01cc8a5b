package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.network.HostFloats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decodes the multi-scale YOLO head ({@code decoder.type = "yolo-fpn"}): raw outputs, channels-last
 * {@code [n, rows, cols, A·(5 + C)]} per level, laid out and turned into boxes as
 * {@link YoloGridCoding} says. A box is a candidate for every class whose
 * {@code sigmoid(objectness) × sigmoid(class logit)} passes the threshold; the levels' candidates of
 * an image go through one class-aware NMS.
 *
 * <p>Parameters: {@code levels} (list of {@code {output, stride, anchors: [[w, h] in pixels, ...]}}),
 * {@code score_threshold} (0.05), {@code nms_iou} (0.5), {@code max_detections} (100).
 */
public final class YoloFpnDecoder implements OutputDecoder {

    public static final String TYPE = "yolo-fpn";

    private record Level(String output, int stride, double[][] anchors) {
    }

    private final List<Level> levels = new ArrayList<>();
    private final int numClasses;
    private final float scoreThreshold;
    private final NonMaxSuppression nms;

    public YoloFpnDecoder(DecoderSpec spec, int numClasses) {
        Object given = spec.params().get("levels");
        if (!(given instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("decoder '" + TYPE + "' parameter 'levels' must be a non-empty list of "
                    + "{output, stride, anchors}, got " + given);
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("output") instanceof String output)
                    || !(m.get("stride") instanceof Number stride) || !(m.get("anchors") instanceof List<?> anchors)
                    || anchors.isEmpty()) {
                throw new IllegalArgumentException("decoder '" + TYPE + "': a level needs output, stride and anchors, got " + o);
            }
            double[][] wh = new double[anchors.size()][];
            for (int i = 0; i < wh.length; i++) {
                if (!(anchors.get(i) instanceof List<?> pair) || pair.size() != 2) {
                    throw new IllegalArgumentException("decoder '" + TYPE + "': an anchor is [w, h] in pixels, got " + anchors.get(i));
                }
                wh[i] = new double[]{((Number) pair.get(0)).doubleValue(), ((Number) pair.get(1)).doubleValue()};
            }
            levels.add(new Level(output, stride.intValue(), wh));
        }
        this.numClasses = numClasses;
        this.scoreThreshold = (float) spec.doubleParam("score_threshold", 0.05);
        this.nms = NonMaxSuppression.perClass((float) spec.doubleParam("nms_iou", 0.5), spec.intParam("max_detections", 100));
    }

    @Override
    public List<String> requiredOutputs() {
        return levels.stream().map(Level::output).toList();
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        List<CandidateBoxes> perImage = new ArrayList<>();
        for (Level level : levels) {
            INDArray out = outputs.get(level.output());
            if (out == null) {
                throw new IllegalArgumentException("decoder '" + TYPE + "': the network has no output '" + level.output()
                        + "' (it has " + outputs.keySet() + ")");
            }
            int anchors = level.anchors().length;
            long[] shape = out.shape();
            if (shape.length != 4 || shape[3] != YoloGridCoding.channels(anchors, numClasses)) {
                throw new IllegalArgumentException("decoder '" + TYPE + "': output '" + level.output() + "' has shape "
                        + Arrays.toString(shape) + ", expected [batch, rows, cols, " + YoloGridCoding.channels(anchors, numClasses)
                        + "] (" + anchors + " anchors x (5 + " + numClasses + " classes))");
            }
            int n = (int) shape[0];
            while (perImage.size() < n) {
                perImage.add(new CandidateBoxes());
            }
            addCandidates(level, HostFloats.copyOf(out), n, (int) shape[1], (int) shape[2], perImage);
        }
        List<CandidateBoxes> kept = new ArrayList<>(perImage.size());
        for (CandidateBoxes boxes : perImage) {
            kept.add(nms.apply(boxes));
        }
        return kept;
    }

    private void addCandidates(Level level, float[] v, int n, int rows, int cols, List<CandidateBoxes> perImage) {
        int anchors = level.anchors().length;
        int channels = YoloGridCoding.channels(anchors, numClasses);
        int stride = level.stride();
        for (int b = 0; b < n; b++) {
            CandidateBoxes boxes = perImage.get(b);
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    int cell = ((b * rows + row) * cols + col) * channels;
                    for (int a = 0; a < anchors; a++) {
                        double objectness = YoloGridCoding.sigmoid(v[cell + YoloGridCoding.objectness(a)]);
                        if (objectness < scoreThreshold) {
                            continue; // a class probability is at most 1
                        }
                        int box = cell + YoloGridCoding.box(anchors, a, 0);
                        double cx = (col + YoloGridCoding.centre(v[box])) * stride;
                        double cy = (row + YoloGridCoding.centre(v[box + 1])) * stride;
                        double hw = YoloGridCoding.size(v[box + 2], level.anchors()[a][0]) / 2;
                        double hh = YoloGridCoding.size(v[box + 3], level.anchors()[a][1]) / 2;
                        for (int c = 0; c < numClasses; c++) {
                            float score = (float) (objectness
                                    * YoloGridCoding.sigmoid(v[cell + YoloGridCoding.classLogit(anchors, numClasses, a, c)]));
                            if (score >= scoreThreshold) {
                                boxes.add((float) (cx - hw), (float) (cy - hh), (float) (cx + hw), (float) (cy + hh), score, c);
                            }
                        }
                    }
                }
            }
        }
    }
}
