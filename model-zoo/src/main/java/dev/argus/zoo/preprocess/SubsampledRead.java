package dev.argus.zoo.preprocess;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The first frame of encoded image bytes, read through ImageIO at every {@code step}-th pixel of every
 * {@code step}-th row ({@link ImageReadParam#setSourceSubsampling}), so a large image costs memory and
 * colour conversion for the kept pixels only. Step 1 is a plain full decode.
 *
 * <p>The one place Argus reads pixels out of encoded bytes: ingest's decode check, detect's
 * {@link ReducedDecode} and the full {@link ImageDecoder} all read through it, so another decoder
 * (a native one) replaces this class and nothing else.
 */
public final class SubsampledRead {

    /** The pixels read, and the warnings the reader raised on the way (e.g. libjpeg's "Premature end of JPEG file"). */
    public record Frame(BufferedImage image, List<String> warnings) {
    }

    /** Picks the reader for the bytes; null when none of the installed readers takes them. */
    @FunctionalInterface
    public interface ReaderChoice<E extends Exception> {
        ImageReader choose(ImageInputStream in) throws E, IOException;
    }

    private SubsampledRead() {
    }

    /**
     * The first frame, read by the first installed reader that recognises the bytes; empty when none
     * does. A corrupt stream throws whatever the reader throws (an IOException, or for some damage a
     * runtime exception).
     */
    public static Optional<Frame> firstFrame(byte[] bytes, int step) throws IOException {
        return firstFrame(bytes, step, SubsampledRead::firstInstalledReader);
    }

    /** As {@link #firstFrame(byte[], int)}, with the reader picked by {@code choice}. */
    public static <E extends Exception> Optional<Frame> firstFrame(byte[] bytes, int step, ReaderChoice<E> choice)
            throws E, IOException {
        if (step < 1) {
            throw new IllegalArgumentException("subsampling step must be at least 1, not " + step);
        }
        // In memory: ImageIO.createImageInputStream would spill to a temp file by default.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = choice.choose(in);
            if (reader == null) {
                return Optional.empty();
            }
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return Optional.of(new Frame(image, List.copyOf(warnings)));
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader firstInstalledReader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        return readers.hasNext() ? readers.next() : null;
    }
}
