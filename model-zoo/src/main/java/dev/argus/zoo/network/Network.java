package dev.argus.zoo.network;

import dev.argus.zoo.Detectors;
import dev.argus.zoo.Precision;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded network, whatever runs it (DL4J, SameDiff, ONNX Runtime): one input batch in, every output
 * by name. {@link GraphDetector} wraps one of these with preprocessing and a
 * decoder.
 */
public interface Network extends AutoCloseable {

    String inputName();

    /** The input shape as declared; -1 for a dimension left open (usually the batch). */
    long[] inputShape();

    List<String> outputNames();

    /**
     * The outputs' shapes as the model declares them and as {@link #run} hands them over (-1 for an open
     * dimension), so a bundle's decoder can be checked against its model at open; empty when the network
     * cannot tell without running.
     */
    default Map<String, long[]> outputShapes() {
        return Map.of();
    }

    /** The runtime computing this network; ND4J-based ones (DL4J graphs, imported SameDiff) are {@link Engine#DL4J}. */
    default Engine engine() {
        return Engine.DL4J;
    }

    /** Runs one batch; the outputs keep the batch as their first dimension. */
    Map<String, INDArray> run(INDArray input);

    /**
     * Runs one batch for the named outputs only (all of them when {@code outputs} is empty). Networks
     * that can skip the work for unread outputs override this.
     */
    default Map<String, INDArray> run(INDArray input, Collection<String> outputs) {
        if (outputs.isEmpty()) {
            return run(input);
        }
        Map<String, INDArray> all = run(input);
        Map<String, INDArray> wanted = new LinkedHashMap<>();
        for (String name : outputs) {
            wanted.put(name, all.get(name));
        }
        return wanted;
    }

    /**
     * This network computing in {@code precision}, for {@link Detectors#open(dev.argus.zoo.bundle.ModelBundle,
     * Precision)}, which checks first that the backend can run it. FP32 is every network's own form.
     */
    default Network inPrecision(Precision precision) {
        if (precision == Precision.FP32) {
            return this;
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no " + precision + " form");
    }

    /** Releases native memory. */
    @Override
    void close();
}
