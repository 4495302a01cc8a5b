package dev.argus.zoo;

import dev.argus.zoo.preprocess.EncodedImage;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A loaded model that turns images — decoded, or still encoded ({@link #detectEncoded}, {@link #newBatch}) —
 * into detections. Load once (it is expensive), then call
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

    /**
     * Detections per still-encoded image, in order. A detector that can decodes each image straight into
     * its input tensor, never building a {@link BufferedImage}.
     *
     * @throws dev.argus.zoo.preprocess.ImageDecodeException for the first image that does not decode
     */
    default List<List<Detection>> detectEncoded(List<EncodedImage> images) {
        try (ImageBatch batch = newBatch(images.size(), 0, 0)) {
            int[] slots = new int[images.size()];
            for (int i = 0; i < slots.length; i++) {
                batch.put(i, images.get(i));
                slots[i] = i;
            }
            return batch.detect(slots);
        }
    }

    /**
     * An empty batch of {@code capacity} encoded images. By default each is decoded through ImageIO, at a
     * reduced scale no smaller than {@code minWidth x minHeight} (0: in full; see ReducedDecode).
     */
    default ImageBatch newBatch(int capacity, int minWidth, int minHeight) {
        return new DecodedImageBatch(this, capacity, minWidth, minHeight);
    }

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
