package dev.argus.zoo.network;

import dev.argus.zoo.Precision;

import dev.argus.zoo.network.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link ComputationGraph} (a ModelSerializer zip, as {@code argus train} writes it) as a
 * {@link Network}. DL4J computes channels-first; the outputs are handed over channels-last
 * ({@code [n, h, w, c]}), the layout the project's decoders read for every model type. The input
 * takes any height and width (the network is fully convolutional); the manifest says which size it
 * was trained for.
 */
public final class ComputationGraphNetwork implements Network {

    private final ComputationGraph graph;

    public ComputationGraphNetwork(ComputationGraph graph) {
        this.graph = graph;
    }

    public static ComputationGraphNetwork load(Path modelZip) throws IOException {
        LayerHelpers.enableUnlessConfigured();
        return new ComputationGraphNetwork(ModelSerializer.restoreComputationGraph(modelZip.toFile(), false));
    }

    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public String inputName() {
        return graph.getConfiguration().getNetworkInputs().get(0);
    }

    @Override
    public long[] inputShape() {
        return new long[]{-1, 3, -1, -1};
    }

    @Override
    public List<String> outputNames() {
        return graph.getConfiguration().getNetworkOutputs();
    }

    /** FP16: DL4J converts the whole graph, parameters included; inputs are cast, outputs cast back. */
    @Override
    public Network inPrecision(Precision precision) {
        if (precision == Precision.FP32) {
            return this;
        }
        return new ComputationGraphNetwork(graph.convertDataType(org.nd4j.linalg.api.buffer.DataType.HALF));
    }

    @Override
    public Map<String, INDArray> run(INDArray input) {
        org.nd4j.linalg.api.buffer.DataType compute = graph.params().dataType();
        INDArray[] out = graph.output(false, input.castTo(compute));
        if (compute != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i].castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            }
        }
        List<String> names = outputNames();
        Map<String, INDArray> byName = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            INDArray o = out[i];
            byName.put(names.get(i), o.rank() == 4 ? o.permute(0, 2, 3, 1).dup('c') : o);
        }
        return byName;
    }

    @Override
    public void close() {
        graph.close();
    }
}
