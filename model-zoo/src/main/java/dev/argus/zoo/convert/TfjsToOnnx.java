package dev.argus.zoo.convert;

import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/** A TF.js graph model as ONNX. */
final class TfjsToOnnx {

    private TfjsToOnnx() {
    }

    static ModelProto convert(Path modelJson, String name) {
        throw new OnnxConversionException("TF.js graph " + modelJson + ": not convertible yet");
    }
}
