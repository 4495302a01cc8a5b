package dev.argus.zoo;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A loaded model that turns decoded images into detections. Load once (it is expensive), then call
 * {@link #detect} for as many batches as you like; implementations reuse their network and buffers.
 *
 * <p>Boxes come back in pixels of each original image, whatever resizing the model needed.
 * Implementations are not required to be thread-safe: use one per thread.
 */
public interface Detector extends AutoCloseable {

    /** Images (or multi-scale tiles) per network call unless the caller says otherwise. */
    int DEFAULT_BATCH_SIZE = 8;

    /** Detections per image, in the order of {@code images}; an image with nothing found gets an empty list. */
    List<List<Detection>> detect(List<BufferedImage> images);

    /** The engine running the network and why it was chosen; empty for detectors that do not say. */
    default java.util.Optional<dev.argus.zoo.network.EngineChoice> engine() {
        return java.util.Optional.empty();
    }

    /** Class names, indexed by {@link Detection#classId()}. */
    List<String> labels();

    /** Releases native memory held by the network. */
    @Override
    void close();
}
