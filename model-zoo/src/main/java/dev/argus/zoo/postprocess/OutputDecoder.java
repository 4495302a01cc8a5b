package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a network's raw outputs for a batch into boxes per image, in model-input pixels, after
 * whatever suppression the scheme needs. Mapping back to the original images is the caller's part.
 */
public interface OutputDecoder {

    /** @param outputs the graph's outputs by name, each with the batch as its first dimension */
    List<CandidateBoxes> decode(Map<String, INDArray> outputs);

    /** The outputs {@link #decode} reads, so the network can skip the rest; empty when it needs them all. */
    default List<String> requiredOutputs() {
        return List.of();
    }

    /**
     * Checks the model's declared output shapes (-1 for an open dimension; rank-4 ones channels-last)
     * against what this decoder reads — layout, width against the class count — before any image runs.
     *
     * @param shapes every output of the model, by name
     * @throws IllegalArgumentException naming the output and the mismatch
     */
    default void checkOutputs(Map<String, long[]> shapes) {
    }
}
