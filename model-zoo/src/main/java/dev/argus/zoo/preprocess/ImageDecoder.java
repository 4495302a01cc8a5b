package dev.argus.zoo.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HexFormat;

/**
 * Encoded image bytes (JPEG, PNG, and whatever other ImageIO readers are on the classpath — with
 * TwelveMonkeys, CMYK JPEG, WebP, TIFF) to a {@link BufferedImage}, or an {@link ImageDecodeException}
 * that names the image. The pixels come from a {@link SubsampledRead} at step 1.
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    public static BufferedImage decode(byte[] bytes) {
        return decode(bytes, "image");
    }

    /** @param name how messages call the image, e.g. its path or record key */
    public static BufferedImage decode(byte[] bytes, String name) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(name + ": no bytes to decode");
        }
        BufferedImage image;
        try {
            image = SubsampledRead.firstFrame(bytes, 1).map(SubsampledRead.Frame::image).orElse(null);
        } catch (IOException | RuntimeException e) {
            // readers throw IOException for corrupt streams and, for some damage, runtime exceptions
            throw new ImageDecodeException(name + ": corrupt or truncated image (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
        if (image == null) {
            throw new ImageDecodeException(name + ": not an image format this JVM can read (" + bytes.length
                    + " bytes, starting " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length)) + ")");
        }
        if (image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new ImageDecodeException(name + ": image has no pixels");
        }
        return image;
    }
}
