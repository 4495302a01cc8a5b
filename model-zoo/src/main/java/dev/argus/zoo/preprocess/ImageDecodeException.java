package dev.argus.zoo.preprocess;

/** Bytes that do not decode to an image. */
public class ImageDecodeException extends RuntimeException {

    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
