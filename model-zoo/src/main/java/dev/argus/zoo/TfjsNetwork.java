package dev.argus.zoo;

import dev.argus.zoo.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A TF.js graph model imported into SameDiff, as a {@link Network}. */
final class TfjsNetwork implements Network {

    private final TfjsGraphModel model;

    private TfjsNetwork(TfjsGraphModel model) {
        this.model = model;
    }

    static TfjsNetwork load(Path modelJson) throws IOException {
        return new TfjsNetwork(TfjsGraphModel.load(modelJson));
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
        return model.run(input);
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
        return model.run(input, resolved);
    }

    @Override
    public void close() {
        model.close();
    }

    private static String bare(String name) {
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }
}
