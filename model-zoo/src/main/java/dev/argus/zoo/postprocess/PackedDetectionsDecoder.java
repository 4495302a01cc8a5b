package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * End-to-end detectors that pack each detection into one row: {@code [n, k, 6]} =
 * {@code x1, y1, x2, y2, score, class} in input pixels. YOLOv10 and Ultralytics' NMS-free / {@code nms=True}
 * exports give {@code output0 [1, 300, 6]}. Rows under the threshold (the padding scores 0) are dropped;
 * nothing is suppressed again.
 *
 * <p>Parameters: {@code output} ("output0"), {@code box_format} ({@code xyxy}, {@code yxyx}, {@code cxcywh}),
 * {@code normalized} (false), {@code score_threshold} (0.25), {@code max_detections} (300).
 */
public final class PackedDetectionsDecoder implements OutputDecoder {

    public static final String TYPE = "xyxy-score-class";

    private final String output;
    private final FinishedDetections rows;

    public PackedDetectionsDecoder(DecoderSpec spec, int numClasses, int width, int height) {
        this.output = spec.stringParam("output", "output0");
        this.rows = new FinishedDetections(TYPE, spec, numClasses, width, height);
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public void checkOutputs(Map<String, long[]> shapes) {
        DeclaredShape.of(shapes, TYPE, output).rank(3, "[n, k, 6]").dim(2, 6, "[n, k, 6]", "x1, y1, x2, y2, score, class");
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput out = RawOutput.find(outputs, output, TYPE);
        if (out.rank() != 3 || out.dim(2) != 6) {
            throw out.wrongShape(TYPE, "[n, k, 6]");
        }
        int n = (int) out.dim(0);
        int k = (int) out.dim(1);
        float[] v = out.data();
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int img = 0; img < n; img++) {
            CandidateBoxes found = new CandidateBoxes();
            for (int r = 0; r < k && rows.hasRoom(found); r++) {
                int o = (img * k + r) * 6;
                rows.add(found, v, o, v[o + 4], v[o + 5], output);
            }
            perImage.add(found);
        }
        return perImage;
    }
}
