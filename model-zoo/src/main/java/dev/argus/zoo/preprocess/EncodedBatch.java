package dev.argus.zoo.preprocess;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A batch ready for the network, and how each image was placed on it. */
public record EncodedBatch(INDArray input, List<BoxMapping> mappings) {

    public EncodedBatch {
        mappings = List.copyOf(mappings);
    }

    public int size() {
        return mappings.size();
    }
}
