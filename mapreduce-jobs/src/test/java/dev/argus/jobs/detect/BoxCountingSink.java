package dev.argus.jobs.detect;

import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Detection;
import java.util.List;

/**
 * The benchmarks' end of {@link DetectionPipeline}: counts the boxes (so two runs can be checked to have
 * found the same) and stops at the first failed image, since a benchmark over damaged input measures
 * nothing.
 */
final class BoxCountingSink implements DetectionPipeline.Sink {

    private long boxes;

    @Override
    public void detected(ImageRecord image, List<Detection> detections, float inferenceMillis) {
        boxes += detections.size();
    }

    @Override
    public void failed(ImageRecord image, Stage stage, Exception cause) {
        throw new IllegalStateException(image.getSourceUri() + " failed at " + stage, cause);
    }

    long boxes() {
        return boxes;
    }
}
