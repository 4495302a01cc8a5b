package dev.argus.zoo.network;

import dev.argus.zoo.bundle.ModelBundle;
import java.io.IOException;

/**
 * Translates the network of a bundle of some other architecture ({@code dl4j-graph}, {@code tfjs-graph})
 * into ONNX, so that ONNX Runtime can run it. Registered per architecture in {@link ModelTranslators}.
 */
@FunctionalInterface
public interface ModelTranslator {

    /**
     * The bundle's network as ONNX, computing the same outputs under the same names and layouts as the
     * bundle's own engine hands over. Any exception (an operation with no ONNX counterpart should be named
     * in its message) means no ONNX form: {@code auto} then runs the bundle on DL4J.
     */
    OnnxForm toOnnx(ModelBundle bundle) throws IOException;
}
