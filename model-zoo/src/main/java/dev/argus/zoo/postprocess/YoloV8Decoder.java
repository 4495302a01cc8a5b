package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * YOLOv8 / YOLO11-style exported detectors (anchor-free, no objectness): one output
 * {@code [n, 4 + C, anchors]} — channels first, anchors last — holding {@code cx, cy, w, h} in input
 * pixels, then C class scores (sigmoids applied in the graph). Ultralytics' {@code format=onnx} export of
 * a COCO detector at 640 gives {@code output0 [1, 84, 8400]}. An anchor's score is its best class score;
 * then NMS.
 *
 * <p>Parameters: {@code output} ("output0"), {@code score_threshold} (0.25), {@code nms_iou} (0.7,
 * Ultralytics' default), {@code max_detections} (300), {@code class_agnostic} (false).
 */
public final class YoloV8Decoder implements OutputDecoder {

    public static final String TYPE = "yolov8";

    private final String output;
    private final int numClasses;
    private final DetectionFilter filter;

    public YoloV8Decoder(DecoderSpec spec, int numClasses) {
        this.output = spec.stringParam("output", "output0");
        this.numClasses = numClasses;
        this.filter = DetectionFilter.from(spec, 0.25, 0.7);
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public void checkOutputs(Map<String, long[]> shapes) {
        String layout = "[n, 4 + classes, anchors]";
        DeclaredShape shape = DeclaredShape.of(shapes, TYPE, output).rank(3, layout);
        if (shape.get(1) >= 0 && shape.get(1) != 4L + numClasses && shape.get(2) == 4L + numClasses) {
            throw new IllegalArgumentException("decoder '" + TYPE + "': output '" + output + "' has shape "
                    + java.util.Arrays.toString(shape.shape()) + ": anchors first, expected " + layout
                    + " (a transposed export; the " + YoloV5Decoder.TYPE + " layout has an objectness column)");
        }
        shape.dim(1, 4L + numClasses, layout, "cx, cy, w, h and the manifest's " + numClasses + " labels");
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput out = RawOutput.find(outputs, output, TYPE);
        int channels = 4 + numClasses;
        if (out.rank() != 3 || out.dim(1) != channels) {
            throw out.wrongShape(TYPE, "[n, " + channels + ", anchors] (4 + " + numClasses + " classes)");
        }
        int n = (int) out.dim(0);
        int anchors = (int) out.dim(2);
        float[] v = out.data();
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int base = b * channels * anchors;
            CandidateBoxes boxes = new CandidateBoxes();
            for (int a = 0; a < anchors; a++) {
                int best = 0;
                float score = v[base + 4 * anchors + a];
                for (int c = 1; c < numClasses; c++) {
                    float s = v[base + (4 + c) * anchors + a];
                    if (s > score) {
                        score = s;
                        best = c;
                    }
                }
                if (score >= filter.scoreThreshold()) {
                    float cx = v[base + a];
                    float cy = v[base + anchors + a];
                    float hw = v[base + 2 * anchors + a] / 2;
                    float hh = v[base + 3 * anchors + a] / 2;
                    boxes.add(cx - hw, cy - hh, cx + hw, cy + hh, score, best);
                }
            }
            perImage.add(filter.nms().apply(boxes));
        }
        return perImage;
    }
}
