package dev.argus.zoo.preprocess;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Encoded bytes to the network's input in one native step: the JPEG is decoded by libjpeg-turbo
 * ({@link StrictJpegDecode}, which makes corrupt data an error) at the smallest of 1/1, 1/2, 1/4, 1/8
 * scale (libjpeg-turbo scales in the DCT domain, so the cost falls with the pixels) that still covers
 * the placed image, then OpenCV resizes it bilinearly onto the letterboxed or stretched
 * canvas, put in the model's colour order, normalised and written in the model's layout straight into
 * the batch tensor the network reads. Box mapping is the {@link BoxMapping} of the original size, so
 * boxes come back in original pixels as on the ImageIO path.
 *
 * <p>What OpenCV would decode differently from today's ImageIO decoder — anything not a JPEG (PNG,
 * GIF, WebP, ...), CMYK/YCCK JPEGs, arithmetic or lossless JPEGs, colour profiles other than sRGB — goes
 * through today's {@link ReducedDecode} and {@link InputEncoder} instead, into the same slot. EXIF
 * orientation is ignored, as ImageIO ignores it. A damaged JPEG is an {@link ImageDecodeException}:
 * broken markers or a cut-off file ({@link JpegStructure}), corrupt entropy-coded data ({@link StrictJpegDecode}).
 * Bytes ingest's decode check already read whole ({@link EncodedImage#checked}) skip that second search
 * and are decoded by OpenCV itself, to the same tensor for about a seventh less CPU.
 *
 * <p>{@link #encodeInto} is thread-safe for distinct slots: decode threads fill one batch together.
 * Every native buffer an image needs lives in a {@link PointerScope} closed before the call returns.
 */
public final class NativeInputEncoder {

    static {
        // One pool per process. Images are decoded in parallel by the caller's threads, each image on one
        // core; OpenCV's own pool would only put more threads on the same vcores.
        opencv_core.setNumThreads(1);
    }

    private final InputSpec spec;
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];
    private final boolean uniform;
    private final float[] padded = new float[3];
    private final ThreadLocal<InputEncoder> fallback;

    public NativeInputEncoder(InputSpec spec, Normalization normalization) {
        this.spec = spec;
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        float p = Math.max(0, Math.min(255, Math.round(spec.padValue())));
        for (int c = 0; c < 3; c++) {
            gain[c] = normalization.scale() / std[c];
            bias[c] = -mean[c] / std[c];
            padded[c] = p * gain[c] + bias[c];
        }
        this.uniform = gain[0] == gain[1] && gain[1] == gain[2] && bias[0] == bias[1] && bias[1] == bias[2];
        this.fallback = ThreadLocal.withInitial(() -> new InputEncoder(spec, normalization));
    }

    public InputSpec spec() {
        return spec;
    }

    /** An uninitialised batch tensor for {@code n} images: {@code [n, h, w, 3]} for NHWC, {@code [n, 3, h, w]} for NCHW. */
    public INDArray allocate(int n) {
        long[] shape = spec.channelsFirst() ? new long[]{n, 3, spec.height(), spec.width()}
                : new long[]{n, spec.height(), spec.width(), 3};
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    /** The batch for {@code images}, encoded one after the other on this thread. */
    public EncodedBatch encode(List<EncodedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("cannot encode an empty batch");
        }
        INDArray batch = allocate(images.size());
        List<BoxMapping> mappings = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            mappings.add(encodeInto(images.get(i), batch, i));
        }
        return new EncodedBatch(batch, mappings);
    }

    /**
     * Decodes {@code image} and writes it as image {@code slot} of {@code batch} (from {@link #allocate}).
     *
     * @throws ImageDecodeException when the bytes are not an image or are damaged
     */
    public BoxMapping encodeInto(EncodedImage image, INDArray batch, int slot) {
        byte[] bytes = image.bytes();
        if (bytes.length == 0) {
            throw new ImageDecodeException(image.name() + ": no bytes to decode");
        }
        Optional<JpegStructure> jpeg = JpegStructure.read(bytes, image.name());
        if (jpeg.isEmpty() || !jpeg.get().decodesNatively()) {
            return encodeWithImageIo(image, batch, slot);
        }
        JpegStructure frame = jpeg.get();
        BoxMapping mapping = spec.resize() == InputSpec.Resize.LETTERBOX
                ? BoxMapping.letterbox(frame.width(), frame.height(), spec.width(), spec.height())
                : BoxMapping.stretch(frame.width(), frame.height(), spec.width(), spec.height());
        int reduction = reduction(frame.width(), frame.height(), mapping.placedWidth(), mapping.placedHeight());
        Size placedSize = new Size(mapping.placedWidth(), mapping.placedHeight());
        Rect region = new Rect(Math.round(mapping.offsetX()), Math.round(mapping.offsetY()),
                mapping.placedWidth(), mapping.placedHeight());
        try (PointerScope scope = new PointerScope()) {
            if (image.checked()) {
                write(checkedDecode(image, frame, reduction, placedSize), batch, slot, region);
                return mapping;
            }
            try (StrictJpegDecode.Picture decoded = StrictJpegDecode.decode(bytes, image.name(), reduction)) {
                requireHeaderSize(image, frame, reduction, decoded.width(), decoded.height());
                write(decoded.resized(placedSize, spec.bgr()), batch, slot, region);
            }
        }
        return mapping;
    }

    /**
     * OpenCV's own libjpeg-turbo decode, for bytes ingest's strict check already decoded whole: it skips
     * Leptonica's pass into 32-bit words (a seventh of the decode on a photo). A cut-off file is still
     * caught, by {@link JpegStructure} and by the size check here; damage inside the Huffman-coded bits
     * is what the ingest check ruled out.
     */
    private Mat checkedDecode(EncodedImage image, JpegStructure frame, int reduction, Size placedSize) {
        Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(image.bytes())), decodeFlags(reduction));
        requireHeaderSize(image, frame, reduction, decoded.cols(), decoded.rows());
        Mat placed = new Mat();
        opencv_imgproc.resize(decoded, placed, placedSize, 0, 0, opencv_imgproc.INTER_LINEAR);
        if (!spec.bgr()) {
            opencv_imgproc.cvtColor(placed, placed, opencv_imgproc.COLOR_BGR2RGB);
        }
        return placed;
    }

    /** OpenCV's reduced-colour read at {@code reduction}, EXIF orientation ignored as ImageIO ignores it. */
    private static int decodeFlags(int reduction) {
        int scale = switch (reduction) {
            case 1 -> opencv_imgcodecs.IMREAD_COLOR;
            case 2 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> throw new IllegalArgumentException("no DCT scaling 1/" + reduction);
        };
        return scale | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
    }

    private static void requireHeaderSize(EncodedImage image, JpegStructure frame, int reduction, int width, int height) {
        int expectedWidth = (frame.width() + reduction - 1) / reduction;
        int expectedHeight = (frame.height() + reduction - 1) / reduction;
        if (width != expectedWidth || height != expectedHeight) {
            throw new ImageDecodeException(image.name() + ": corrupt or truncated image (" + image.bytes().length
                    + " bytes): the JPEG does not decode to the " + frame.width() + "x" + frame.height()
                    + " its header claims");
        }
    }

    /** The largest DCT scaling (1, 2, 4 or 8) that leaves the decoded image at least as large as its placement. */
    static int reduction(int width, int height, int placedWidth, int placedHeight) {
        int reduction = 8;
        while (reduction > 1 && (width / reduction < placedWidth || height / reduction < placedHeight)) {
            reduction /= 2;
        }
        return reduction;
    }

    /**
     * {@code placed} (8-bit, the model's colour order) into {@code region} of image {@code slot}, the rest
     * of the canvas padded.
     */
    private void write(Mat placed, INDArray batch, int slot, Rect region) {
        int h = spec.height();
        int w = spec.width();
        long plane = (long) h * w;
        long base = slot * plane * 3;
        boolean whole = region.width() == w && region.height() == h;
        if (spec.channelsFirst()) {
            MatVector channels = new MatVector();
            opencv_core.split(placed, channels);
            for (int c = 0; c < 3; c++) {
                Mat channel = new Mat(h, w, CV_32FC1, floatsAt(batch, base + c * plane));
                if (!whole) {
                    channel.put(new Scalar(padded[c]));
                }
                channels.get(c).convertTo(channel.apply(region), CV_32F, gain[c], bias[c]);
            }
            return;
        }
        Mat canvas = new Mat(h, w, CV_32FC3, floatsAt(batch, base));
        if (!whole) {
            canvas.put(new Scalar(padded[0], padded[1], padded[2], 0));
        }
        Mat target = canvas.apply(region);
        if (uniform) {
            placed.convertTo(target, CV_32F, gain[0], bias[0]);
            return;
        }
        MatVector channels = new MatVector();
        opencv_core.split(placed, channels);
        MatVector scaled = new MatVector(3);
        for (int c = 0; c < 3; c++) {
            Mat out = new Mat();
            channels.get(c).convertTo(out, CV_32F, gain[c], bias[c]);
            scaled.put(c, out);
        }
        opencv_core.merge(scaled, target);
    }

    /**
     * The address of float {@code index} of the tensor, as a byte pointer: a {@code void*} argument takes
     * a pointer's position in bytes, whatever the pointer's element type.
     */
    private static BytePointer floatsAt(INDArray batch, long index) {
        return new BytePointer(batch.data().addressPointer()).position(index * Float.BYTES);
    }

    /** Today's decoder and encoder, for what OpenCV would decode differently; boxes still map to original pixels. */
    private BoxMapping encodeWithImageIo(EncodedImage image, INDArray batch, int slot) {
        ReducedDecode reduced = ReducedDecode.decode(image.bytes(), image.name(), image.width(), image.height(),
                spec.width(), spec.height());
        BufferedImage decoded = reduced.image();
        int perImage = spec.width() * spec.height() * 3;
        float[] values = new float[perImage];
        BoxMapping onReduced = fallback.get().encodeInto(decoded, values, 0);
        try (PointerScope scope = new PointerScope()) {
            new FloatPointer(batch.data().addressPointer()).position((long) slot * perImage).put(values, 0, perImage);
        }
        return new BoxMapping(onReduced.scaleX() / reduced.scaleX(), onReduced.scaleY() / reduced.scaleY(),
                onReduced.offsetX(), onReduced.offsetY(), reduced.originalWidth(), reduced.originalHeight());
    }
}
