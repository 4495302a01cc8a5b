package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;

/**
 * The rows of a detector that suppresses in its own graph, turned into candidates the same way whatever
 * the outputs' layout: boxes in {@code box_format}, scaled to pixels when {@code normalized}, kept from
 * {@code score_threshold} up, at most {@code max_detections} an image, classes checked against the manifest
 * (an out-of-range class means the bundle pairs the wrong labels with the model, so it stops the run).
 */
final class FinishedDetections {

    private final String type;
    private final BoxFormat format;
    private final float scaleX;
    private final float scaleY;
    private final float threshold;
    private final int maxDetections;
    private final int numClasses;

    FinishedDetections(String type, DecoderSpec spec, int numClasses, int width, int height) {
        this.type = type;
        this.format = BoxFormat.parse(type, spec.stringParam("box_format", "xyxy"));
        boolean normalized = spec.booleanParam("normalized", false);
        this.scaleX = normalized ? width : 1;
        this.scaleY = normalized ? height : 1;
        this.threshold = (float) spec.doubleParam("score_threshold", 0.25);
        this.maxDetections = spec.intParam("max_detections", 300);
        this.numClasses = numClasses;
    }

    int maxDetections() {
        return maxDetections;
    }

    /** Whether the image has room for more; callers stop reading its rows once it has not. */
    boolean hasRoom(CandidateBoxes found) {
        return found.size() < maxDetections;
    }

    /** Adds the row whose box starts at {@code boxes[offset]} unless its score is under the threshold. */
    void add(CandidateBoxes found, float[] boxes, int offset, float score, float classValue, String classOutput) {
        if (!(score >= threshold)) {
            return;
        }
        int cls = Math.round(classValue);
        if (cls < 0 || cls >= numClasses) {
            throw new IllegalArgumentException("decoder '" + type + "': output '" + classOutput + "' has class " + cls
                    + " but the manifest has " + numClasses + " labels");
        }
        float[] corners = new float[4];
        format.toCorners(boxes, offset, scaleX, scaleY, corners);
        found.add(corners[0], corners[1], corners[2], corners[3], score, cls);
    }
}
