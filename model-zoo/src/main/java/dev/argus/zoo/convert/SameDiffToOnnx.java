package dev.argus.zoo.convert;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A DL4J SameDiff layer, rebuilt from its configuration into a fresh SameDiff graph, as ONNX nodes. */
final class SameDiffToOnnx {

    /** The layer's output value and its rank. */
    record Result(String value, int rank) {
    }

    private SameDiffToOnnx() {
    }

    static Result layer(OnnxGraph onnx, String name, SameDiffLayer layer, Map<String, INDArray> params, String input) {
        throw new OnnxConversionException("vertex '" + name + "': SameDiff layer " + layer.getClass().getSimpleName()
                + " cannot be converted to ONNX yet");
    }
}
