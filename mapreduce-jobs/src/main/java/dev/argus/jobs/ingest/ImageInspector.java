package dev.argus.jobs.ingest;

import dev.argus.zoo.preprocess.ImageDecodeException;
import dev.argus.zoo.preprocess.JpegStructure;
import dev.argus.zoo.preprocess.StrictJpegDecode;
import dev.argus.zoo.preprocess.SubsampledRead;
import dev.argus.zoo.preprocess.TruncatedImageException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether encoded bytes are an image Argus will pack, in order of cost: the header (format
 * and size, no decode), the pixel limit (before a single pixel is decoded), then optionally a decode
 * check so that truncated or corrupt data is caught here, at ingest, and not by every detector run later.
 *
 * <p>The decode check takes the path {@code argus detect}'s native decode takes: a JPEG libjpeg-turbo
 * reads ({@link JpegStructure#verifiesNatively}) has its markers walked and every block decoded at 1/8
 * scale with corrupt-data warnings as errors ({@link StrictJpegDecode}), about a seventh of ImageIO's
 * cost; every other image is decoded through ImageIO ({@link SubsampledRead}), whose damage warnings
 * are rejections.
 */
public final class ImageInspector {

    /** The decode check reads at most about this many pixels into memory; the rest is subsampled away. */
    private static final long DECODE_CHECK_PIXELS = 1_000_000;

    private final long maxPixels;
    private final boolean decodeCheck;
    private final boolean nativeJpegCheck;

    public ImageInspector(long maxPixels, boolean decodeCheck) {
        this(maxPixels, decodeCheck, true);
    }

    /** {@code nativeJpegCheck} false: every image's check goes through ImageIO, as before the native one. */
    public ImageInspector(long maxPixels, boolean decodeCheck, boolean nativeJpegCheck) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("max pixels must be positive, not " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.decodeCheck = decodeCheck;
        this.nativeJpegCheck = nativeJpegCheck;
    }

    /** Whether an image {@link #inspect} passes has been decoded whole: what its record's {@code decode_checked} says. */
    public boolean decodeChecks() {
        return decodeCheck;
    }

    public ImageHeader inspect(byte[] bytes) throws RejectedImage {
        ImageHeader header = ImageHeader.read(bytes);
        if (header.width() <= 0 || header.height() <= 0) {
            throw new RejectedImage("BadHeader", "the header claims " + header.width() + "x" + header.height() + " pixels");
        }
        if (header.pixels() > maxPixels) {
            throw new RejectedImage("TooManyPixels", String.format(Locale.ROOT,
                    "the header claims %dx%d = %d pixels, above the limit of %d", header.width(), header.height(),
                    header.pixels(), maxPixels));
        }
        if (header.format().equals("png")) {
            PngChunks.verify(bytes);
        }
        if (decodeCheck && !(nativeJpegCheck && header.format().equals("jpeg") && verifiedNatively(bytes))) {
            decodeFirstFrame(bytes, header);
        }
        return header;
    }

    /** True when the native decoder read every block; false when the JPEG is one for ImageIO to check. */
    private static boolean verifiedNatively(byte[] bytes) throws RejectedImage {
        try {
            Optional<JpegStructure> jpeg = JpegStructure.read(bytes, "the image");
            if (jpeg.isEmpty() || !jpeg.get().verifiesNatively()) {
                return false;
            }
            StrictJpegDecode.verify(bytes, "the image");
            return true;
        } catch (ImageDecodeException e) {
            String reason = e instanceof TruncatedImageException ? "Truncated" : "CorruptImage";
            throw new RejectedImage(reason, "the jpeg data does not decode: " + e.getMessage(), e);
        }
    }

    private static void decodeFirstFrame(byte[] bytes, ImageHeader header) throws RejectedImage {
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) header.pixels() / DECODE_CHECK_PIXELS)));
        List<String> dataWarnings;
        try {
            dataWarnings = SubsampledRead.firstFrame(bytes, step, ImageHeader::readerFor).orElseThrow().damage();
        } catch (IOException | RuntimeException e) {
            throw new RejectedImage("CorruptImage", "the " + header.format() + " data does not decode: "
                    + ImageHeader.describe(e), e);
        }
        if (!dataWarnings.isEmpty()) {
            String joined = String.join("; ", dataWarnings);
            String lower = joined.toLowerCase(Locale.ROOT);
            boolean truncated = lower.contains("truncated") || lower.contains("premature end");
            throw new RejectedImage(truncated ? "Truncated" : "CorruptImage",
                    "the " + header.format() + " data decodes only with warnings: " + joined);
        }
    }
}
