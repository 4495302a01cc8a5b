package dev.argus.zoo;

import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.ImageDecodeException;
import java.util.List;

/**
 * A batch of still-encoded images for one {@link Detector}, filled slot by slot — by several threads at
 * once, one slot each — and then run at once. Where the detector can, each image is decoded straight
 * into the network's input tensor ({@link GraphDetector}); otherwise it is decoded to a picture and handed
 * to {@link Detector#detect} ({@link DecodedImageBatch}).
 */
public interface ImageBatch extends AutoCloseable {

    int capacity();

    /**
     * Decodes {@code image} into {@code slot}. Safe to call from several threads for distinct slots.
     *
     * @throws ImageDecodeException when the bytes are not an image or are damaged; the slot stays empty
     */
    void put(int slot, EncodedImage image);

    /**
     * Detections for the images in {@code slots} (each filled by {@link #put}), in that order, in pixels of
     * each original image. Call from one thread once the puts are done.
     */
    List<List<Detection>> detect(int[] slots);

    /** Releases the batch's buffers; the batch cannot be used afterwards. */
    @Override
    void close();
}
