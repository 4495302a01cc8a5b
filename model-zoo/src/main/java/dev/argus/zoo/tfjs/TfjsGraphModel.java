package dev.argus.zoo.tfjs;

import dev.argus.zoo.tfjs.ModelJson.SignatureTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A TensorFlow.js graph model ({@code model.json} + weight shards) imported into a Deeplearning4j
 * SameDiff graph, ready to run. Outputs keep TF.js's names and shapes.
 *
 * <p>Batches: a model exported with a fixed batch (usually 1) is imported with a dynamic one, so a
 * batch of N images runs as one pass. Outputs whose subgraph mixes batch rows (CenterNet's in-graph
 * {@code detections} post-processing, for one) are computed one exported batch at a time, so every
 * output is what TF.js would give for each image. Not thread-safe: one instance per thread.
 */
public final class TfjsGraphModel implements AutoCloseable {

    private final Path file;
    private final SameDiff sd;
    private final String inputName;
    private final long[] inputShape;
    private final Map<String, String> outputVariables;
    private final Set<String> batchMixingOutputs;
    private final long declaredBatch;
    private final Map<String, String> nodeOfOp;
    private boolean closed;

    private TfjsGraphModel(Path file, SameDiff sd, String inputName, long[] inputShape,
                           Map<String, String> outputVariables, Set<String> batchMixingOutputs, long declaredBatch,
                           Map<String, String> nodeOfOp) {
        this.file = file;
        this.sd = sd;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.outputVariables = outputVariables;
        this.batchMixingOutputs = batchMixingOutputs;
        this.declaredBatch = declaredBatch;
        this.nodeOfOp = nodeOfOp;
    }

    /** Reads model.json and its weight shards (paths relative to the json), builds a SameDiff graph. */
    public static TfjsGraphModel load(Path modelJson) throws IOException {
        ModelJson json = ModelJson.read(modelJson);
        Map<String, INDArray> weights = WeightShards.read(json);
        SameDiff sd = SameDiff.create();
        GraphBuilder graph = new GraphBuilder(sd, weights);
        graph.build(json.nodes());

        GraphNode placeholder = json.nodes().stream().filter(n -> n.op().equals("Placeholder")).findFirst()
                .orElseThrow(() -> new TfjsImportException(modelJson + " has no Placeholder (graph input) node"));
        long[] declaredShape = ModelJson.dims(placeholder.attrs().shapeDims());

        Map<String, String> outputs = new LinkedHashMap<>();
        Set<String> mixing = new HashSet<>();
        for (TensorRefWithKey out : outputsOf(json)) {
            SDVariable v = graph.var(out.ref());
            outputs.put(out.key(), v.name());
            if (graph.isBatchMixing(out.ref())) {
                mixing.add(out.key());
            }
        }
        return new TfjsGraphModel(modelJson, sd, placeholder.name(), declaredShape, outputs, mixing,
                graph.declaredBatch(), Map.copyOf(graph.nodeOfOp()));
    }

    private record TensorRefWithKey(String key, TensorRef ref) {}

    /** Signature outputs in model.json order; without a signature, every node nothing else consumes. */
    private static List<TensorRefWithKey> outputsOf(ModelJson json) {
        List<TensorRefWithKey> out = new ArrayList<>();
        if (!json.outputs().isEmpty()) {
            for (SignatureTensor t : json.outputs().values()) {
                out.add(new TensorRefWithKey(t.key(), t.tensor()));
            }
            return out;
        }
        Set<String> consumed = new HashSet<>();
        json.nodes().forEach(n -> n.inputs().forEach(r -> consumed.add(r.node())));
        json.nodes().stream()
                .filter(n -> !consumed.contains(n.name()) && !n.op().equals("Const"))
                .forEach(n -> out.add(new TensorRefWithKey(n.name(), new TensorRef(n.name(), 0))));
        return out;
    }

    /** The graph's input placeholder. */
    public String inputName() {
        return inputName;
    }

    /** The input shape as model.json declares it; -1 for an unknown dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The graph's outputs, in model.json signature order. */
    public List<String> outputNames() {
        return List.copyOf(outputVariables.keySet());
    }

    /** Runs the graph on one input batch (layout as the graph declares) and returns every output. */
    public Map<String, INDArray> run(INDArray input) {
        return run(input, outputVariables.keySet());
    }

    /** Runs the graph for the named outputs only (SameDiff then executes just the ops they need). */
    public Map<String, INDArray> run(INDArray input, Collection<String> outputs) {
        if (closed) {
            throw new IllegalStateException("TF.js model " + file + " is closed");
        }
        checkInput(input);
        for (String name : outputs) {
            if (!outputVariables.containsKey(name)) {
                throw new IllegalArgumentException("TF.js model " + file + " has no output '" + name
                        + "'; its outputs are " + outputVariables.keySet());
            }
        }
        INDArray x = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        long batch = x.size(0);
        List<String> whole = new ArrayList<>();
        List<String> perChunk = new ArrayList<>();
        for (String name : outputs) {
            (batch != declaredBatch && declaredBatch > 0 && batchMixingOutputs.contains(name) ? perChunk : whole).add(name);
        }
        Map<String, INDArray> result = new LinkedHashMap<>();
        result.putAll(execute(x, whole));
        if (!perChunk.isEmpty()) {
            if (batch % declaredBatch != 0) {
                throw new IllegalArgumentException("TF.js model " + file + ": outputs " + perChunk + " need a batch that is a"
                        + " multiple of the exported batch " + declaredBatch + ", got " + batch);
            }
            Map<String, List<INDArray>> parts = new LinkedHashMap<>();
            for (long start = 0; start < batch; start += declaredBatch) {
                INDArray chunk = x.get(NDArrayIndex.interval(start, start + declaredBatch)).dup();
                execute(chunk, perChunk).forEach((k, v) -> parts.computeIfAbsent(k, n -> new ArrayList<>()).add(v));
            }
            parts.forEach((k, v) -> result.put(k, Nd4j.concat(0, v.toArray(INDArray[]::new))));
        }
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String name : outputs) {
            ordered.put(name, result.get(name));
        }
        return ordered;
    }

    private Map<String, INDArray> execute(INDArray x, List<String> outputs) {
        if (outputs.isEmpty()) {
            return Map.of();
        }
        String[] vars = outputs.stream().map(outputVariables::get).toArray(String[]::new);
        Map<String, INDArray> byVar;
        try {
            byVar = sd.output(Map.of(inputName, x), vars);
        } catch (RuntimeException e) {
            throw new IllegalStateException("running TF.js model " + file + " on input " + Arrays.toString(x.shape())
                    + " failed: " + e.getMessage(), e);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : outputs) {
            out.put(name, byVar.get(outputVariables.get(name)));
        }
        return out;
    }

    /** Same rank and same non-batch dimensions as declared; anything else would fail deep inside ND4J. */
    private void checkInput(INDArray input) {
        long[] got = input.shape();
        boolean ok = got.length == inputShape.length && got.length > 0 && got[0] > 0;
        for (int i = 1; ok && i < got.length; i++) {
            ok = inputShape[i] < 0 || inputShape[i] == got[i];
        }
        if (!ok || !input.dataType().isFPType()) {
            throw new IllegalArgumentException("input " + Arrays.toString(got) + " (" + input.dataType()
                    + ") does not fit TF.js model " + file + ": its input '" + inputName + "' is "
                    + Arrays.toString(inputShape) + " floats (any batch size in the first dimension)");
        }
    }

    /** The SameDiff variable that holds a named output, for use with {@link #sameDiff()} directly. */
    public String variableName(String output) {
        String v = outputVariables.get(output);
        if (v == null) {
            throw new IllegalArgumentException("TF.js model " + file + " has no output '" + output
                    + "'; its outputs are " + outputVariables.keySet());
        }
        return v;
    }

    /**
     * Whether {@code output} combines several batch rows (computed one exported batch at a time by
     * {@link #run}); such an output is only what TF.js gives per image when the batch is the exported one.
     */
    public boolean mixesBatch(String output) {
        variableName(output);
        return batchMixingOutputs.contains(output);
    }

    /** The TF node a SameDiff op of {@link #sameDiff()} was mapped from, as "node 'name' (op Op)"; null if none. */
    public String tfNodeOf(String sameDiffOp) {
        return nodeOfOp.get(sameDiffOp);
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** Frees the native memory of the weights. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.CONSTANT && v.getArr() != null && v.getArr().closeable()) {
                v.getArr().close();
            }
        }
    }
}
