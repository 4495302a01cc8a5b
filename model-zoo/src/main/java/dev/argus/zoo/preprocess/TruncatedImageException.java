package dev.argus.zoo.preprocess;

/** Bytes that end before the image does: a cut-off copy or upload, told apart from damage inside the data. */
public class TruncatedImageException extends ImageDecodeException {

    public TruncatedImageException(String message) {
        super(message);
    }
}
