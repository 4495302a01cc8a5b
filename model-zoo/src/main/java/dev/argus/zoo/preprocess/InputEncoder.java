package dev.argus.zoo.preprocess;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a batch of images into the network's input tensor: each image placed by a {@link Letterbox},
 * its channels put in the model's colour order and layout (NHWC or NCHW), each value normalised as
 * {@code (p * scale - mean[c]) / std[c]}. The float buffer is reused between batches of the same size.
 * Not thread-safe.
 */
public final class InputEncoder {

    private final InputSpec spec;
    private final Normalization normalization;
    private final Letterbox letterbox;
    /** value = pixel * gain[c] + bias[c], c in the model's channel order */
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];
    private float[] buffer = new float[0];

    public InputEncoder(InputSpec spec, Normalization normalization) {
        this.spec = spec;
        this.normalization = normalization;
        this.letterbox = new Letterbox(spec);
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        for (int c = 0; c < 3; c++) {
            gain[c] = normalization.scale() / std[c];
            bias[c] = -mean[c] / std[c];
        }
    }

    /**
     * Places one image and writes its {@code 3 x h x w} values into {@code dst} from {@code base} on, in
     * the model's layout; says where it went.
     */
    public BoxMapping encodeInto(BufferedImage image, float[] dst, int base) {
        BoxMapping mapping = letterbox.place(image);
        int[] pixels = letterbox.pixels();
        int plane = spec.height() * spec.width();
        // channel order: index 0 is R for RGB models, B for BGR ones
        int firstShift = spec.bgr() ? 0 : 16;
        int lastShift = spec.bgr() ? 16 : 0;
        if (spec.channelsFirst()) {
            for (int p = 0; p < plane; p++) {
                int rgb = pixels[p];
                dst[base + p] = ((rgb >> firstShift) & 0xFF) * gain[0] + bias[0];
                dst[base + plane + p] = ((rgb >> 8) & 0xFF) * gain[1] + bias[1];
                dst[base + 2 * plane + p] = ((rgb >> lastShift) & 0xFF) * gain[2] + bias[2];
            }
        } else {
            for (int p = 0, o = base; p < plane; p++, o += 3) {
                int rgb = pixels[p];
                dst[o] = ((rgb >> firstShift) & 0xFF) * gain[0] + bias[0];
                dst[o + 1] = ((rgb >> 8) & 0xFF) * gain[1] + bias[1];
                dst[o + 2] = ((rgb >> lastShift) & 0xFF) * gain[2] + bias[2];
            }
        }
        return mapping;
    }

    public InputSpec spec() {
        return spec;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The tensor for {@code images}: {@code [n, h, w, 3]} for NHWC, {@code [n, 3, h, w]} for NCHW. */
    public EncodedBatch encode(List<BufferedImage> images) {
        int n = images.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot encode an empty batch");
        }
        int h = spec.height();
        int w = spec.width();
        int plane = h * w;
        int perImage = plane * 3;
        if (buffer.length != n * perImage) {
            buffer = new float[n * perImage];
        }
        List<BoxMapping> mappings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BufferedImage image = images.get(i);
            if (image == null) {
                throw new IllegalArgumentException("image " + i + " of the batch is null");
            }
            mappings.add(encodeInto(image, buffer, i * perImage));
        }
        long[] shape = spec.channelsFirst() ? new long[]{n, 3, h, w} : new long[]{n, h, w, 3};
        return new EncodedBatch(Nd4j.create(buffer, shape, 'c'), mappings);
    }
}
