package dev.argus.zoo;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded network, whatever built it (an imported TF.js graph today; a DL4J graph later): one input
 * batch in, every output by name. {@link GraphDetector} wraps one of these with preprocessing and a
 * decoder.
 */
public interface Network extends AutoCloseable {

    String inputName();

    /** The input shape as declared; -1 for a dimension left open (usually the batch). */
    long[] inputShape();

    List<String> outputNames();

    /** Runs one batch; the outputs keep the batch as their first dimension. */
    Map<String, INDArray> run(INDArray input);

    /** Releases native memory. */
    @Override
    void close();
}
