package dev.argus.zoo.postprocess;

import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.bundle.DecoderSpec;

/**
 * The score threshold and suppression the YOLO-style decoders share, read from the decoder parameters
 * {@code score_threshold}, {@code nms_iou}, {@code max_detections} and {@code class_agnostic}, with
 * the threshold and IoU defaults given by each decoder (Ultralytics: 0.25 and 0.7 for v8+, 0.45 for v5).
 */
record DetectionFilter(float scoreThreshold, NonMaxSuppression nms) {

    static DetectionFilter from(DecoderSpec spec, double scoreThreshold, double iou) {
        float threshold = (float) spec.doubleParam("score_threshold", scoreThreshold);
        float nmsIou = (float) spec.doubleParam("nms_iou", iou);
        int max = spec.intParam("max_detections", 300);
        boolean agnostic = spec.booleanParam("class_agnostic", false);
        return new DetectionFilter(threshold, agnostic ? NonMaxSuppression.classAgnostic(nmsIou, max)
                : NonMaxSuppression.perClass(nmsIou, max));
    }
}
