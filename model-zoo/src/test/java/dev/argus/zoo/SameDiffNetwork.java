package dev.argus.zoo;

import dev.argus.zoo.network.Network;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link Network} over a SameDiff graph built in a test. */
final class SameDiffNetwork implements Network {

    private final SameDiff sd;
    private final String input;
    private final long[] shape;
    private final List<String> outputs;

    SameDiffNetwork(SameDiff sd, String input, long[] shape, List<String> outputs) {
        this.sd = sd;
        this.input = input;
        this.shape = shape;
        this.outputs = outputs;
    }

    @Override
    public String inputName() {
        return input;
    }

    @Override
    public long[] inputShape() {
        return shape.clone();
    }

    @Override
    public List<String> outputNames() {
        return outputs;
    }

    @Override
    public Map<String, INDArray> run(INDArray batch) {
        return sd.output(Map.of(input, batch), outputs.toArray(String[]::new));
    }

    @Override
    public void close() {
        // SameDiff in M2.1 has no close; its arrays are freed with the graph
    }
}
