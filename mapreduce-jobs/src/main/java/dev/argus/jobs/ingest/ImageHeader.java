package dev.argus.jobs.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Format and size of an encoded image, read from its header by an ImageIO reader
 * ({@code getWidth(0)} parses the header only; no pixel is decoded).
 */
public record ImageHeader(String format, int width, int height) {

    /** The formats Argus accepts, as written to {@code ImageRecord.format}. */
    public static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp", "webp", "tiff");

    static {
        // The TwelveMonkeys plugins (CMYK/YCCK JPEG, WebP, TIFF, BMP) register through the context
        // class loader, which in a task JVM may not be the one that first touched ImageIO.
        ImageIO.scanForPlugins();
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Reads the header of {@code bytes}, or says why it is not an image Argus takes. */
    public static ImageHeader read(byte[] bytes) throws RejectedImage {
        try (ImageInputStream in = open(bytes)) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                return new ImageHeader(formatOf(reader), reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new RejectedImage("BadHeader", "the image header cannot be read: " + describe(e), e);
        }
    }

    /** The first installed reader that recognises the bytes and reads one of {@link #FORMATS}. */
    static ImageReader readerFor(ImageInputStream in) throws RejectedImage {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        String other = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = formatOf(reader);
            if (FORMATS.contains(format)) {
                return reader;
            }
            other = format;
        }
        if (other != null) {
            throw new RejectedImage("UnsupportedFormat", "the bytes are " + other
                    + ", which Argus does not take (only jpeg, png, gif, bmp, webp and tiff)");
        }
        throw new RejectedImage("NotAnImage", "no image reader recognises the bytes (not jpeg, png, gif, bmp, webp or tiff)");
    }

    static ImageInputStream open(byte[] bytes) {
        // In memory: ImageIO.createImageInputStream would spill to a temp file by default.
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    static String formatOf(ImageReader reader) {
        String name = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "jpg" -> "jpeg";
            case "tif" -> "tiff";
            default -> name;
        };
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
