package dev.argus.zoo.network;

import dev.argus.zoo.Precision;
import dev.argus.zoo.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A TF.js graph model imported into SameDiff, as a {@link Network}. */
final class TfjsNetwork implements Network {

    private final TfjsGraphModel model;
    /** What the graph computes in; inputs are cast to it and outputs back to FP32 for the decoders. */
    private final DataType compute;

    private TfjsNetwork(TfjsGraphModel model, DataType compute) {
        this.model = model;
        this.compute = compute;
    }

    static TfjsNetwork load(Path modelJson) throws IOException {
        return new TfjsNetwork(TfjsGraphModel.load(modelJson), DataType.FLOAT);
    }

    @Override
    public String inputName() {
        return model.inputName();
    }

    /** The importer runs any batch size whatever batch the model was exported with, so the batch is open. */
    @Override
    public long[] inputShape() {
        long[] shape = model.inputShape();
        if (shape.length > 0) {
            shape[0] = -1;
        }
        return shape;
    }

    @Override
    public List<String> outputNames() {
        return model.outputNames();
    }

    @Override
    public Map<String, INDArray> run(INDArray input) {
        return toFloat(model.run(input.castTo(compute)));
    }

    /** FP16: every float weight, constant and the input placeholder become half; the ops follow. */
    @Override
    public Network inPrecision(Precision precision) {
        if (precision == Precision.FP32) {
            return this;
        }
        Map<String, DataType> half = new java.util.HashMap<>();
        for (SDVariable v : model.sameDiff().variables()) {
            if (v.dataType() == DataType.FLOAT && v.getVariableType() != VariableType.ARRAY) {
                half.put(v.name(), DataType.HALF);
            }
        }
        model.sameDiff().convertDataTypes(half);
        return new TfjsNetwork(model, DataType.HALF);
    }

    private Map<String, INDArray> toFloat(Map<String, INDArray> outputs) {
        if (compute == DataType.FLOAT) {
            return outputs;
        }
        Map<String, INDArray> floats = new java.util.LinkedHashMap<>();
        outputs.forEach((name, array) -> floats.put(name,
                array.dataType() == compute ? array.castTo(DataType.FLOAT) : array));
        return floats;
    }

    /** Only the named outputs (TF's ":0" suffix optional), so SameDiff skips the ops nobody reads. */
    @Override
    public Map<String, INDArray> run(INDArray input, Collection<String> outputs) {
        if (outputs.isEmpty()) {
            return run(input);
        }
        List<String> resolved = new ArrayList<>(outputs.size());
        for (String wanted : outputs) {
            resolved.add(model.outputNames().stream().filter(n -> bare(n).equals(bare(wanted))).findFirst().orElse(wanted));
        }
        return toFloat(model.run(input.castTo(compute), resolved));
    }

    @Override
    public void close() {
        model.close();
    }

    private static String bare(String name) {
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }
}
