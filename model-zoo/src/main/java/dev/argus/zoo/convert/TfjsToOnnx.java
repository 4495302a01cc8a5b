package dev.argus.zoo.convert;

import dev.argus.zoo.tfjs.TfjsGraphModel;
import dev.argus.zoo.tfjs.TfjsImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A TF.js graph model as ONNX: the TF.js importer parses it into SameDiff (every op it maps, with its
 * NCHW/NHWC bookkeeping already done and shape arithmetic on constants known), and {@link SameDiffToOnnx}
 * translates that graph. Input and outputs keep TF.js's names and layouts, so the bundle's decoder reads
 * the ONNX model as it reads the TF.js one.
 *
 * <p>Outputs that combine several batch rows — CenterNet's in-graph {@code detections}, a top-k over the
 * flattened batch — are left out: in ONNX they would mix the images of a batch, and the importer only
 * keeps them right by running such outputs image by image. No decoder reads them.
 */
final class TfjsToOnnx {

    private TfjsToOnnx() {
    }

    static ConvertedModel convert(Path modelJson, String name) throws IOException {
        TfjsGraphModel loaded;
        try {
            loaded = TfjsGraphModel.load(modelJson);
        } catch (TfjsImportException e) {
            // an op the importer does not map: its message names the op and the node
            throw new OnnxConversionException("TF.js graph " + modelJson + ": " + e.getMessage());
        }
        try (TfjsGraphModel model = loaded) {
            OnnxGraph onnx = new OnnxGraph(name);
            long[] shape = model.inputShape();
            long[] open = shape.clone();
            open[0] = -1;
            onnx.input(model.inputName(), open);
            long[] probe = shape.clone();
            probe[0] = 1;
            for (int i = 1; i < probe.length; i++) {
                if (probe[i] < 0) {
                    throw new OnnxConversionException("TF.js graph " + modelJson + ": its input " + model.inputName()
                            + " has an open dimension " + i + "; only the batch may be open");
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            List<String> leftOut = new ArrayList<>();
            for (String output : model.outputNames()) {
                if (model.mixesBatch(output)) {
                    leftOut.add(output + " (mixes the images of a batch)");
                } else {
                    wanted.put(output, model.variableName(output));
                    onnx.reserve(output);
                }
            }
            Map<String, String> values = SameDiffToOnnx.emit(onnx, model.sameDiff(), "",
                    Map.of(model.inputName(), model.inputName()),
                    Map.of(model.inputName(), Nd4j.zeros(DataType.FLOAT, probe)), wanted.values(), model::tfNodeOf);
            for (Map.Entry<String, String> out : wanted.entrySet()) {
                onnx.nodeNamed("Identity", out.getKey(), List.of(values.get(out.getValue())));
                onnx.output(out.getKey(), OnnxGraph.UNKNOWN_RANK);
            }
            return new ConvertedModel(onnx.model("argus TfjsToOnnx"), leftOut);
        }
    }
}
