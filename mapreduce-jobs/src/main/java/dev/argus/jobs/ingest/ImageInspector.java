package dev.argus.jobs.ingest;

import dev.argus.zoo.preprocess.SubsampledRead;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether encoded bytes are an image Argus will pack, in order of cost: the header (format
 * and size, no decode), the pixel limit (before a single pixel is decoded), then optionally a full
 * decode of the first frame (a {@link SubsampledRead}) so that truncated or corrupt data is caught
 * here, at ingest, and not by every detector run later.
 */
public final class ImageInspector {

    /** The decode check reads at most about this many pixels into memory; the rest is subsampled away. */
    private static final long DECODE_CHECK_PIXELS = 1_000_000;

    private final long maxPixels;
    private final boolean decodeCheck;

    public ImageInspector(long maxPixels, boolean decodeCheck) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("max pixels must be positive, not " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.decodeCheck = decodeCheck;
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
        if (decodeCheck) {
            decodeFirstFrame(bytes, header);
        }
        return header;
    }

    private static void decodeFirstFrame(byte[] bytes, ImageHeader header) throws RejectedImage {
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) header.pixels() / DECODE_CHECK_PIXELS)));
        List<String> warnings;
        try {
            warnings = SubsampledRead.firstFrame(bytes, step, ImageHeader::readerFor).orElseThrow().warnings();
        } catch (IOException | RuntimeException e) {
            throw new RejectedImage("CorruptImage", "the " + header.format() + " data does not decode: "
                    + ImageHeader.describe(e), e);
        }
        // Colour-profile warnings mean the colours are approximate; the pixels are all there.
        List<String> dataWarnings = warnings.stream()
                .filter(warning -> !warning.toLowerCase(Locale.ROOT).contains("profile"))
                .toList();
        if (!dataWarnings.isEmpty()) {
            String joined = String.join("; ", dataWarnings);
            String lower = joined.toLowerCase(Locale.ROOT);
            boolean truncated = lower.contains("truncated") || lower.contains("premature end");
            throw new RejectedImage(truncated ? "Truncated" : "CorruptImage",
                    "the " + header.format() + " data decodes only with warnings: " + joined);
        }
    }
}
