package dev.argus.zoo.convert;

/** A model that cannot be expressed in ONNX by these converters; the message names the op or layer and why. */
public final class OnnxConversionException extends RuntimeException {

    public OnnxConversionException(String message) {
        super(message);
    }
}
