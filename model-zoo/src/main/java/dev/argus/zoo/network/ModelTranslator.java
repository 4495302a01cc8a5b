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
     * The bundle's network as ONNX, computing the same outputs under the same names as the bundle's own
     * engine. An operation with no ONNX counterpart is an {@link UnsupportedOperationException} naming it.
     */
    OnnxForm toOnnx(ModelBundle bundle) throws IOException;
}
