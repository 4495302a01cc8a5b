package dev.argus.zoo.convert;

import java.util.List;
import onnx.Onnx.ModelProto;

/**
 * An ONNX model translated from a bundle's network, and the source outputs it does not have (each
 * with the reason it was left out).
 */
public record ConvertedModel(ModelProto model, List<String> leftOut) {

    public ConvertedModel {
        leftOut = List.copyOf(leftOut);
    }
}
