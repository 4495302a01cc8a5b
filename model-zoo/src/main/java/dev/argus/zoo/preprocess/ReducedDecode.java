package dev.argus.zoo.preprocess;

import dev.argus.zoo.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An image decoded at a reduced scale: every s-th pixel of every s-th row, with s the largest step
 * that still leaves the image at least as large as the network's input. A 12 Mpx photo for a 512x512
 * network is then decoded at a quarter or less of its pixels, which roughly halves JPEG decoding and
 * quarters the resize that follows, with the same network input. Boxes found on the reduced image are
 * scaled back to the original's pixels by {@link #toOriginal}.
 *
 * <p>The reduced read is a {@link SubsampledRead}; anything it cannot handle is decoded in full by
 * {@link ImageDecoder}, which also produces the error message for an image that cannot be decoded at all.
 */
public record ReducedDecode(BufferedImage image, float scaleX, float scaleY, int originalWidth, int originalHeight) {

    /**
     * @param width, height the image's size from its header (as ingest recorded it); 0 when unknown
     * @param minWidth, minHeight the network's input size; 0 to always decode in full
     */
    public static ReducedDecode decode(byte[] bytes, String name, int width, int height, int minWidth, int minHeight) {
        int step = step(width, height, minWidth, minHeight);
        if (step > 1) {
            BufferedImage reduced = readSubsampled(bytes, step);
            if (reduced != null && reduced.getWidth() > 0 && reduced.getHeight() > 0) {
                return new ReducedDecode(reduced, (float) width / reduced.getWidth(), (float) height / reduced.getHeight(),
                        width, height);
            }
        }
        BufferedImage full = ImageDecoder.decode(bytes, name);
        return new ReducedDecode(full, 1f, 1f, full.getWidth(), full.getHeight());
    }

    public static int step(int width, int height, int minWidth, int minHeight) {
        if (width <= 0 || height <= 0 || minWidth <= 0 || minHeight <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(width / minWidth, height / minHeight));
    }

    /** The detections, found on {@link #image}, in pixels of the original image. */
    public List<Detection> toOriginal(List<Detection> found) {
        if (scaleX == 1f && scaleY == 1f) {
            return found;
        }
        List<Detection> out = new ArrayList<>(found.size());
        for (Detection d : found) {
            out.add(new Detection(d.classId(), d.label(), d.score(),
                    clamp(d.x1() * scaleX, originalWidth), clamp(d.y1() * scaleY, originalHeight),
                    clamp(d.x2() * scaleX, originalWidth), clamp(d.y2() * scaleY, originalHeight)));
        }
        return out;
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }

    /** null when no reader takes the bytes or the read fails; the full decode then reports why. */
    private static BufferedImage readSubsampled(byte[] bytes, int step) {
        try {
            return SubsampledRead.firstFrame(bytes, step).map(SubsampledRead.Frame::image).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
