package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Detectors with the suppression in the graph (ONNX {@code NonMaxSuppression} exports, TensorRT's
 * EfficientNMS layout, RT-DETR's own post-processed export): separate outputs {@code boxes [n, k, 4]},
 * {@code scores [n, k]}, {@code classes [n, k]} (float or integer) and optionally {@code num [n]} or
 * {@code [n, 1]}, how many of the k rows of each image are real (the rest is padding). Nothing is
 * suppressed again; rows under the threshold are dropped.
 *
 * <p>Parameters: {@code boxes} ("boxes"), {@code scores} ("scores"), {@code classes} ("classes"),
 * {@code num} (none: every row counts), {@code box_format} ({@code xyxy}, {@code yxyx} or
 * {@code cxcywh}), {@code normalized} (false: input pixels; true: fractions of the input),
 * {@code score_threshold} (0.25), {@code max_detections} (300).
 */
public final class BoxesScoresClassesDecoder implements OutputDecoder {

    public static final String TYPE = "boxes-scores-classes";

    private final String boxesOutput;
    private final String scoresOutput;
    private final String classesOutput;
    private final String numOutput;
    private final FinishedDetections rows;

    public BoxesScoresClassesDecoder(DecoderSpec spec, int numClasses, int width, int height) {
        this.boxesOutput = spec.stringParam("boxes", "boxes");
        this.scoresOutput = spec.stringParam("scores", "scores");
        this.classesOutput = spec.stringParam("classes", "classes");
        this.numOutput = spec.stringParam("num", null);
        this.rows = new FinishedDetections(TYPE, spec, numClasses, width, height);
    }

    @Override
    public List<String> requiredOutputs() {
        return numOutput == null ? List.of(boxesOutput, scoresOutput, classesOutput)
                : List.of(boxesOutput, scoresOutput, classesOutput, numOutput);
    }

    @Override
    public void checkOutputs(Map<String, long[]> shapes) {
        DeclaredShape boxes = DeclaredShape.of(shapes, TYPE, boxesOutput).rank(3, "[n, k, 4]")
                .dim(2, 4, "[n, k, 4]", "one box per row");
        long k = boxes.get(1);
        for (String perRow : List.of(scoresOutput, classesOutput)) {
            DeclaredShape s = DeclaredShape.of(shapes, TYPE, perRow);
            if (s.shape().length == 3) {
                s.dim(2, 1, "[n, k] or [n, k, 1]", "one value per row");
            } else {
                s.rank(2, "[n, k] or [n, k, 1]");
            }
            if (k >= 0) {
                s.dim(1, k, "[n, k]", "k rows, as in '" + boxesOutput + "'");
            }
        }
        if (numOutput != null) {
            DeclaredShape num = DeclaredShape.of(shapes, TYPE, numOutput);
            if (num.shape().length == 2) {
                num.dim(1, 1, "[n] or [n, 1]", "one count per image");
            } else {
                num.rank(1, "[n] or [n, 1]");
            }
        }
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput boxes = RawOutput.find(outputs, boxesOutput, TYPE);
        RawOutput scores = RawOutput.find(outputs, scoresOutput, TYPE);
        RawOutput classes = RawOutput.find(outputs, classesOutput, TYPE);
        if (boxes.rank() != 3 || boxes.dim(2) != 4) {
            throw boxes.wrongShape(TYPE, "[n, k, 4]");
        }
        int n = (int) boxes.dim(0);
        int k = (int) boxes.dim(1);
        if (scores.data().length != n * k) {
            throw scores.wrongShape(TYPE, "[" + n + ", " + k + "] like '" + boxesOutput + "'");
        }
        if (classes.data().length != n * k) {
            throw classes.wrongShape(TYPE, "[" + n + ", " + k + "] like '" + boxesOutput + "'");
        }
        float[] num = null;
        if (numOutput != null) {
            RawOutput counts = RawOutput.find(outputs, numOutput, TYPE);
            if (counts.data().length != n) {
                throw counts.wrongShape(TYPE, "[" + n + "] or [" + n + ", 1]");
            }
            num = counts.data();
        }
        float[] b = boxes.data();
        float[] s = scores.data();
        float[] c = classes.data();
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int img = 0; img < n; img++) {
            int real = num == null ? k : (int) Math.max(0, Math.min(k, num[img]));
            CandidateBoxes found = new CandidateBoxes(Math.min(real, rows.maxDetections()));
            for (int r = 0; r < real && rows.hasRoom(found); r++) {
                int i = img * k + r;
                rows.add(found, b, i * 4, s[i], c[i], classesOutput);
            }
            perImage.add(found);
        }
        return perImage;
    }
}
