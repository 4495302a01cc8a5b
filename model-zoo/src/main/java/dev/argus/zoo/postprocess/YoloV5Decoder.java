package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * YOLOv5-style exported detectors (YOLOv5, YOLOv7, YOLOX-style heads exported the same way): one output
 * {@code [n, anchors, 5 + C]}, each row {@code cx, cy, w, h} in input pixels, objectness, then C class
 * probabilities (sigmoids already applied in the graph, as Ultralytics' {@code format=onnx} exports them;
 * {@code output0 [1, 25200, 85]} for COCO at 640). A row's score is objectness × its best class
 * probability, as Ultralytics' own prediction does; then NMS.
 *
 * <p>Parameters: {@code output} ("output0"), {@code score_threshold} (0.25), {@code nms_iou} (0.45),
 * {@code max_detections} (300), {@code class_agnostic} (false).
 */
public final class YoloV5Decoder implements OutputDecoder {

    public static final String TYPE = "yolov5";

    private final String output;
    private final int numClasses;
    private final DetectionFilter filter;

    public YoloV5Decoder(DecoderSpec spec, int numClasses) {
        this.output = spec.stringParam("output", "output0");
        this.numClasses = numClasses;
        this.filter = DetectionFilter.from(spec, 0.25, 0.45);
    }

    @Override
    public List<String> requiredOutputs() {
        return List.of(output);
    }

    @Override
    public void checkOutputs(Map<String, long[]> shapes) {
        String layout = "[n, anchors, 5 + classes]";
        DeclaredShape.of(shapes, TYPE, output).rank(3, layout)
                .dim(2, 5L + numClasses, layout, "cx, cy, w, h, objectness and the manifest's " + numClasses + " labels");
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput out = RawOutput.find(outputs, output, TYPE);
        int width = 5 + numClasses;
        if (out.rank() != 3 || out.dim(2) != width) {
            throw out.wrongShape(TYPE, "[n, anchors, " + width + "] (5 + " + numClasses + " classes)");
        }
        int n = (int) out.dim(0);
        int anchors = (int) out.dim(1);
        float[] v = out.data();
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            CandidateBoxes boxes = new CandidateBoxes();
            for (int a = 0; a < anchors; a++) {
                int o = (b * anchors + a) * width;
                float objectness = v[o + 4];
                if (objectness < filter.scoreThreshold()) {
                    continue; // class probabilities are at most 1
                }
                int best = 0;
                for (int c = 1; c < numClasses; c++) {
                    if (v[o + 5 + c] > v[o + 5 + best]) {
                        best = c;
                    }
                }
                float score = objectness * v[o + 5 + best];
                if (score >= filter.scoreThreshold()) {
                    float hw = v[o + 2] / 2;
                    float hh = v[o + 3] / 2;
                    boxes.add(v[o] - hw, v[o + 1] - hh, v[o] + hw, v[o + 1] + hh, score, best);
                }
            }
            perImage.add(filter.nms().apply(boxes));
        }
        return perImage;
    }
}
