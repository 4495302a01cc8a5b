package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NanoDet's GFL head (Generalized Focal Loss), anchor-free: at every cell of each stride level the
 * network gives one score per class and, for each box side (left, top, right, bottom), a distribution
 * over {@code reg_max + 1} distance bins. The distance is the distribution's expectation (softmax, then
 * Σ p·i) times the stride, measured from the cell centre. A cell yields a candidate for every class above
 * the threshold; class-aware NMS then picks the boxes.
 *
 * <p>Outputs per level: scores {@code [n, cells, classes]} (already sigmoid), box bins
 * {@code [n, cells, 4·(reg_max+1)]}, side-major, cells row-major over the level's grid.
 *
 * <p>Parameters: {@code levels} (list of {@code {stride, scores_output, boxes_output}}; without it the
 * outputs are matched by shape for {@code strides} [8, 16, 32]), {@code reg_max} (7),
 * {@code score_threshold} (0.35), {@code nms_iou} (0.6), {@code max_detections} (100),
 * {@code center_offset} (0.5: cell centres at (i + 0.5)·stride), {@code ignore_classes} ([]).
 */
public final class NanoDetDecoder implements OutputDecoder {

    static final String TYPE = "nanodet";

    /** One stride level and the outputs holding it; names null when matched by shape. */
    public record Level(int stride, String scoresOutput, String boxesOutput) {
    }

    private final List<Level> levels;
    private final int bins;
    private final float scoreThreshold;
    private final float centerOffset;
    private final Set<Integer> ignored = new HashSet<>();
    private final int numClasses;
    private final int inputWidth;
    private final int inputHeight;
    private final NonMaxSuppression nms;

    public NanoDetDecoder(DecoderSpec spec, int numClasses, int inputWidth, int inputHeight) {
        this.levels = levels(spec);
        this.bins = spec.intParam("reg_max", 7) + 1;
        if (bins < 2) {
            throw new IllegalArgumentException("decoder 'nanodet' parameter 'reg_max' must be at least 1");
        }
        this.scoreThreshold = (float) spec.doubleParam("score_threshold", 0.35);
        this.centerOffset = (float) spec.doubleParam("center_offset", 0.5);
        for (int c : spec.intListParam("ignore_classes", new int[0])) {
            ignored.add(c);
        }
        this.numClasses = numClasses;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.nms = NonMaxSuppression.perClass((float) spec.doubleParam("nms_iou", 0.6), spec.intParam("max_detections", 100));
    }

    @Override
    public List<String> requiredOutputs() {
        List<String> names = new ArrayList<>();
        for (Level level : levels) {
            if (level.scoresOutput() == null) {
                return List.of(); // matched by shape: every output is a candidate
            }
            names.add(level.scoresOutput());
            names.add(level.boxesOutput());
        }
        return names;
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        List<CandidateBoxes> perImage = null;
        float[] probs = new float[bins];
        for (Level level : levels) {
            int gridW = (inputWidth + level.stride() - 1) / level.stride();
            int gridH = (inputHeight + level.stride() - 1) / level.stride();
            RawOutput scores = output(outputs, level.scoresOutput(), gridW * gridH, numClasses, level.stride());
            RawOutput boxes = output(outputs, level.boxesOutput(), gridW * gridH, 4 * bins, level.stride());
            if (scores.rank() != 3 || scores.dim(1) != gridW * gridH || scores.dim(2) != numClasses) {
                throw scores.wrongShape(TYPE, "[batch, " + gridW * gridH + ", " + numClasses + "] for stride " + level.stride());
            }
            if (boxes.rank() != 3 || boxes.dim(0) != scores.dim(0) || boxes.dim(1) != gridW * gridH || boxes.dim(2) != 4L * bins) {
                throw boxes.wrongShape(TYPE, "[" + scores.dim(0) + ", " + gridW * gridH + ", " + 4 * bins
                        + "] (4 sides x reg_max+1 bins) for stride " + level.stride());
            }
            int n = (int) scores.dim(0);
            if (perImage == null) {
                perImage = new ArrayList<>(n);
                for (int b = 0; b < n; b++) {
                    perImage.add(new CandidateBoxes());
                }
            }
            int cells = gridW * gridH;
            for (int b = 0; b < n; b++) {
                CandidateBoxes out = perImage.get(b);
                for (int cell = 0; cell < cells; cell++) {
                    int s = (b * cells + cell) * numClasses;
                    boolean anyBox = false;
                    float x1 = 0;
                    float y1 = 0;
                    float x2 = 0;
                    float y2 = 0;
                    for (int c = 0; c < numClasses; c++) {
                        float score = scores.data()[s + c];
                        if (score <= scoreThreshold || ignored.contains(c)) {
                            continue;
                        }
                        if (!anyBox) {
                            // the box is shared by every class of the cell; compute it once, and only when needed
                            float cx = (cell % gridW + centerOffset) * level.stride();
                            float cy = (cell / gridW + centerOffset) * level.stride();
                            int r = (b * cells + cell) * 4 * bins;
                            x1 = cx - expectedBin(boxes.data(), r, probs) * level.stride();
                            y1 = cy - expectedBin(boxes.data(), r + bins, probs) * level.stride();
                            x2 = cx + expectedBin(boxes.data(), r + 2 * bins, probs) * level.stride();
                            y2 = cy + expectedBin(boxes.data(), r + 3 * bins, probs) * level.stride();
                            anyBox = true;
                        }
                        out.add(x1, y1, x2, y2, score, c);
                    }
                }
            }
        }
        List<CandidateBoxes> kept = new ArrayList<>(perImage.size());
        for (CandidateBoxes boxes : perImage) {
            kept.add(nms.apply(boxes));
        }
        return kept;
    }

    /** Σ softmax(logits)[i] · i over the bins of one side: the distance in strides. */
    private float expectedBin(float[] data, int from, float[] scratch) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, data[from + i]);
        }
        float sum = 0;
        for (int i = 0; i < bins; i++) {
            scratch[i] = (float) Math.exp(data[from + i] - max);
            sum += scratch[i];
        }
        float expectation = 0;
        for (int i = 0; i < bins; i++) {
            expectation += scratch[i] * i;
        }
        return expectation / sum;
    }

    /** The named output, or the one output whose shape fits this level. */
    private RawOutput output(Map<String, INDArray> outputs, String name, int cells, int lastDim, int stride) {
        if (name != null) {
            return RawOutput.find(outputs, name, TYPE);
        }
        String match = null;
        for (Map.Entry<String, INDArray> e : outputs.entrySet()) {
            long[] shape = e.getValue().shape();
            if (shape.length == 3 && shape[1] == cells && shape[2] == lastDim) {
                if (match != null) {
                    throw new IllegalArgumentException("decoder 'nanodet': outputs '" + match + "' and '" + e.getKey()
                            + "' both fit stride " + stride + "; name them in the 'levels' parameter");
                }
                match = e.getKey();
            }
        }
        if (match == null) {
            throw new IllegalArgumentException("decoder 'nanodet': no output of shape [batch, " + cells + ", " + lastDim
                    + "] for stride " + stride + " (outputs: " + outputs.keySet() + ")");
        }
        return RawOutput.of(match, outputs.get(match));
    }

    private static List<Level> levels(DecoderSpec spec) {
        Object raw = spec.params().get("levels");
        List<Level> out = new ArrayList<>();
        if (raw == null) {
            for (int stride : spec.intListParam("strides", new int[]{8, 16, 32})) {
                out.add(new Level(stride, null, null));
            }
            return out;
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("decoder 'nanodet' parameter 'levels' must be a non-empty list, got " + raw);
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("stride") instanceof Number stride)
                    || !(m.get("scores_output") instanceof String scores) || !(m.get("boxes_output") instanceof String boxes)) {
                throw new IllegalArgumentException("decoder 'nanodet': each of 'levels' needs stride, scores_output"
                        + " and boxes_output, got " + item);
            }
            if (stride.intValue() <= 0) {
                throw new IllegalArgumentException("decoder 'nanodet': stride must be positive, got " + stride);
            }
            out.add(new Level(stride.intValue(), scores, boxes));
        }
        return out;
    }
}
