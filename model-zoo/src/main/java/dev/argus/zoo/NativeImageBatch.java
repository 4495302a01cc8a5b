package dev.argus.zoo;

import dev.argus.zoo.preprocess.BoxMapping;
import dev.argus.zoo.preprocess.EncodedBatch;
import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.NativeInputEncoder;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A {@link GraphDetector}'s batch: each image decoded by a {@link NativeInputEncoder} into its slot of the input tensor. */
final class NativeImageBatch implements ImageBatch {

    private final GraphDetector detector;
    private final NativeInputEncoder encoder;
    private final INDArray input;
    private final BoxMapping[] mappings;

    NativeImageBatch(GraphDetector detector, NativeInputEncoder encoder, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one image, not " + capacity);
        }
        this.detector = detector;
        this.encoder = encoder;
        this.input = encoder.allocate(capacity);
        this.mappings = new BoxMapping[capacity];
    }

    @Override
    public int capacity() {
        return mappings.length;
    }

    @Override
    public void put(int slot, EncodedImage image) {
        mappings[slot] = null;
        mappings[slot] = encoder.encodeInto(image, input, slot);
    }

    @Override
    public List<List<Detection>> detect(int[] slots) {
        List<BoxMapping> placed = new ArrayList<>(slots.length);
        boolean prefix = true;
        for (int i = 0; i < slots.length; i++) {
            if (mappings[slots[i]] == null) {
                throw new IllegalStateException("slot " + slots[i] + " of the batch holds no decoded image");
            }
            placed.add(mappings[slots[i]]);
            prefix &= slots[i] == i;
        }
        INDArray images;
        if (prefix && slots.length == capacity()) {
            images = input;
        } else if (prefix) {
            images = input.get(NDArrayIndex.interval(0, slots.length));
        } else { // images that failed to decode left holes: gather the rest
            images = Nd4j.pullRows(input.reshape(capacity(), -1), 1, slots).reshape(withBatch(slots.length));
        }
        return detector.detect(new EncodedBatch(images, placed));
    }

    private long[] withBatch(int n) {
        long[] shape = input.shape().clone();
        shape[0] = n;
        return shape;
    }

    @Override
    public void close() {
        input.close();
    }
}
