package dev.argus.zoo;

import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.ReducedDecode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ImageIO path: each image decoded to a {@link BufferedImage} (at a reduced scale no smaller than
 * the network's input, see {@link ReducedDecode}) and the pictures handed to {@link Detector#detect}.
 */
public final class DecodedImageBatch implements ImageBatch {

    private final Detector detector;
    private final ReducedDecode[] images;
    private final int inputWidth;
    private final int inputHeight;

    /** @param inputWidth, inputHeight the network's input size; 0 to always decode in full */
    public DecodedImageBatch(Detector detector, int capacity, int inputWidth, int inputHeight) {
        this.detector = detector;
        this.images = new ReducedDecode[capacity];
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    @Override
    public int capacity() {
        return images.length;
    }

    @Override
    public void put(int slot, EncodedImage image) {
        images[slot] = null;
        images[slot] = ReducedDecode.decode(image.bytes(), image.name(), image.width(), image.height(),
                inputWidth, inputHeight);
    }

    @Override
    public List<List<Detection>> detect(int[] slots) {
        List<BufferedImage> pictures = new ArrayList<>(slots.length);
        for (int slot : slots) {
            pictures.add(filled(slot).image());
        }
        List<List<Detection>> found = detector.detect(pictures);
        if (found == null || found.size() != slots.length) {
            throw new IllegalStateException("the detector returned " + (found == null ? "null" : found.size()
                    + " results") + " for a batch of " + slots.length + " images");
        }
        List<List<Detection>> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            out.add(images[slots[i]].toOriginal(found.get(i)));
        }
        return out;
    }

    private ReducedDecode filled(int slot) {
        if (images[slot] == null) {
            throw new IllegalStateException("slot " + slot + " of the batch holds no decoded image");
        }
        return images[slot];
    }

    @Override
    public void close() {
        Arrays.fill(images, null);
    }
}
