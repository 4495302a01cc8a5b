package dev.argus.zoo.tfjs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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

/**
 * Builds a SameDiff graph from GraphDef nodes, one {@link OpMapper} per op, in topological order.
 *
 * <p>Besides the SameDiff variables it tracks two facts per node that the mappers need:
 * <ul>
 *   <li><b>static</b>: the value depends on constants only. Shape-like inputs (reshape targets,
 *       paddings, axes, k) must be static; {@link #staticValue} evaluates them once at import time.</li>
 *   <li><b>batch-mixing</b>: the value combines several batch rows (a reshape that folds the batch
 *       into another dimension, a gather over flattened rows, ...). Models exported for batch 1 are
 *       still run on larger batches for speed, so such outputs are computed image by image instead.</li>
 * </ul>
 */
final class GraphBuilder {

    private final SameDiff sd;
    private final Map<String, INDArray> weights;
    private final Map<String, SDVariable[]> outputs = new HashMap<>();
    private final Set<String> staticNodes = new HashSet<>();
    private final Set<String> batchMixing = new HashSet<>();
    private final Map<String, INDArray> staticValues = new HashMap<>();
    private final Map<String, long[]> probedShapes = new HashMap<>();
    private final Map<String, int[]> permutations = new HashMap<>();
    private final Map<String, SDVariable> materialised = new HashMap<>();
    /** SameDiff op name to the TF node it was mapped from, for messages about the SameDiff graph. */
    private final Map<String, String> nodeOfOp = new HashMap<>();
    private long declaredBatch = -1;
    private SDVariable input;
    private SDVariable runtimeBatch;

    GraphBuilder(SameDiff sd, Map<String, INDArray> weights) {
        this.sd = sd;
        this.weights = weights;
    }

    SameDiff sd() {
        return sd;
    }

    void build(List<GraphNode> nodes) throws TfjsImportException {
        // Every unsupported op is reported at once, before any work, rather than one per attempt.
        List<String> unsupported = nodes.stream().filter(n -> OpMappers.forOp(n.op()) == null)
                .map(n -> "'" + n.op() + "' at node '" + n.name() + "'").toList();
        if (!unsupported.isEmpty()) {
            throw new TfjsImportException("unsupported TF op " + String.join(", ", unsupported)
                    + "; the importer maps " + OpMappers.supported());
        }
        for (GraphNode node : topologicalOrder(nodes)) {
            OpMapper mapper = OpMappers.forOp(node.op());
            SDVariable[] out;
            Set<String> opsBefore = new HashSet<>(sd.getOps().keySet());
            try {
                out = mapper.map(node, this);
            } catch (TfjsImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TfjsImportException("cannot import " + node + ": " + e.getMessage(), e);
            }
            outputs.put(node.name(), out);
            for (String op : sd.getOps().keySet()) {
                if (!opsBefore.contains(op)) {
                    nodeOfOp.put(op, node.toString());
                }
            }
            boolean allStatic = !node.op().equals("Placeholder");
            for (TensorRef in : node.inputs()) {
                allStatic &= staticNodes.contains(in.node());
                if (batchMixing.contains(in.node())) {
                    batchMixing.add(node.name());
                }
            }
            if (allStatic) {
                staticNodes.add(node.name());
            }
        }
    }

    /** SameDiff op name to the TF node (as "node 'name' (op Op)") it came from. */
    Map<String, String> nodeOfOp() {
        return nodeOfOp;
    }

    /** The SameDiff variable holding a node output. */
    SDVariable var(TensorRef ref) throws TfjsImportException {
        SDVariable stored = storedVar(ref);
        int[] perm = permutations.get(ref.toString());
        if (perm == null) {
            return stored;
        }
        SDVariable m = materialised.get(ref.toString());
        if (m == null) {
            m = sd.permute(stored, perm);
            materialised.put(ref.toString(), m);
        }
        return m;
    }

    /**
     * A node output as stored, together with the permutation that turns it into the TF tensor
     * (null when stored as is). Layout-aware mappers work on the stored variable directly, so the
     * NCHW/NHWC transposes that ONNX-converted graphs put around every convolution cancel out
     * instead of each costing a copy.
     */
    Permuted permuted(TensorRef ref) throws TfjsImportException {
        return new Permuted(storedVar(ref), permutations.get(ref.toString()));
    }

    /** TF's NHWC tensor stored as NCHW, and the reverse. */
    static final int[] NHWC_OF_NCHW = {0, 2, 3, 1};
    static final int[] NCHW_OF_NHWC = {0, 3, 1, 2};

    record Permuted(SDVariable stored, int[] perm) {
        boolean is(int[] p) {
            return java.util.Arrays.equals(perm, p);
        }

        /** The stored axis holding TF axis {@code tfAxis}. */
        int storedAxis(int tfAxis) {
            return perm == null ? tfAxis : perm[tfAxis];
        }
    }

    /** Declares that output 0 of the node being mapped is stored permuted: TF tensor = permute(stored, perm). */
    void storePermuted(GraphNode node, int[] perm) {
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            identity &= perm[i] == i;
        }
        if (!identity) {
            permutations.put(new TensorRef(node.name(), 0).toString(), perm.clone());
        }
    }

    private SDVariable storedVar(TensorRef ref) throws TfjsImportException {
        SDVariable[] out = outputs.get(ref.node());
        if (out == null) {
            throw new TfjsImportException("input '" + ref + "' refers to a node that is not in the graph");
        }
        if (ref.index() >= out.length) {
            throw new TfjsImportException("input '" + ref + "' asks for output " + ref.index() + " of a node with "
                    + out.length + " outputs");
        }
        return out[ref.index()];
    }

    SDVariable var(GraphNode node, int input) throws TfjsImportException {
        return var(node.input(input));
    }

    Map<String, INDArray> weights() {
        return weights;
    }

    boolean isStatic(TensorRef ref) {
        return staticNodes.contains(ref.node());
    }

    /** The import-time value of a node input that must not depend on the graph input (a shape, axis, k...). */
    INDArray staticValue(GraphNode node, int input, String role) throws TfjsImportException {
        TensorRef ref = node.input(input);
        if (!isStatic(ref)) {
            throw new TfjsImportException(node + ": its " + role + " (input '" + ref
                    + "') depends on the graph input; the importer needs it to be constant");
        }
        INDArray known = staticValues.get(ref.toString());
        if (known == null) {
            SDVariable v = var(ref);
            known = v.getVariableType() == VariableType.CONSTANT ? v.getArr() : sd.output(Map.of(), v.name()).get(v.name());
            staticValues.put(ref.toString(), known);
        }
        return known;
    }

    long[] staticLongs(GraphNode node, int input, String role) throws TfjsImportException {
        return staticValue(node, input, role).castTo(DataType.LONG).toLongVector();
    }

    /**
     * The shape a node output has when the graph runs on its declared input (zeros, batch 1 if the
     * batch is open): for mappers that need a static size which the graph only knows at run time.
     */
    long[] probeShape(TensorRef ref) throws TfjsImportException {
        long[] known = probedShapes.get(ref.toString());
        if (known == null) {
            SDVariable v = var(ref);
            Map<String, INDArray> feed = Map.of();
            if (!isStatic(ref)) {
                long[] shape = input.placeholderShape().clone();
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shape[i] < 0 ? 1 : shape[i];
                }
                feed = Map.of(input.name(), Nd4j.zeros(DataType.FLOAT, shape));
            }
            known = sd.output(feed, v.name()).get(v.name()).shape();
            probedShapes.put(ref.toString(), known);
        }
        return known;
    }

    /** Marks the node's outputs as combining several batch rows (see the class comment). */
    void markBatchMixing(GraphNode node) {
        batchMixing.add(node.name());
    }

    boolean isBatchMixing(TensorRef ref) {
        return batchMixing.contains(ref.node());
    }

    /** The batch size the model was exported with, or -1 if its input's batch is already dynamic. */
    long declaredBatch() {
        return declaredBatch;
    }

    void input(SDVariable placeholder, long declaredBatch) {
        this.input = placeholder;
        this.declaredBatch = declaredBatch;
    }

    /** The batch size of the input being run, as a [1] long tensor (for reshape targets). */
    SDVariable runtimeBatch() {
        if (runtimeBatch == null) {
            runtimeBatch = sd.reshape(sd.sizeAt(input, 0).castTo(DataType.LONG), 1);
        }
        return runtimeBatch;
    }

    /** Data and control dependencies first; the model.json order is usually topological already, but not always. */
    private static List<GraphNode> topologicalOrder(List<GraphNode> nodes) throws TfjsImportException {
        Map<String, GraphNode> byName = new LinkedHashMap<>();
        for (GraphNode n : nodes) {
            if (byName.put(n.name(), n) != null) {
                throw new TfjsImportException("two graph nodes are named '" + n.name() + "'");
            }
        }
        List<GraphNode> order = new ArrayList<>(nodes.size());
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (GraphNode root : nodes) {
            Deque<GraphNode> stack = new ArrayDeque<>();
            Deque<Boolean> expanded = new ArrayDeque<>();
            stack.push(root);
            expanded.push(false);
            while (!stack.isEmpty()) {
                GraphNode n = stack.pop();
                boolean wasExpanded = expanded.pop();
                if (done.contains(n.name())) {
                    continue;
                }
                if (wasExpanded) {
                    onPath.remove(n.name());
                    done.add(n.name());
                    order.add(n);
                    continue;
                }
                if (!onPath.add(n.name())) {
                    throw new TfjsImportException("the graph has a cycle through node '" + n.name() + "'");
                }
                stack.push(n);
                expanded.push(true);
                List<String> deps = new ArrayList<>(n.controlInputs());
                n.inputs().forEach(r -> deps.add(r.node()));
                for (String dep : deps) {
                    GraphNode d = byName.get(dep);
                    if (d == null) {
                        throw new TfjsImportException(n + " has input '" + dep + "', which is not a node of the graph");
                    }
                    if (!done.contains(dep)) {
                        if (onPath.contains(dep)) {
                            throw new TfjsImportException("the graph has a cycle through node '" + dep + "'");
                        }
                        stack.push(d);
                        expanded.push(false);
                    }
                }
            }
        }
        return order;
    }
}
