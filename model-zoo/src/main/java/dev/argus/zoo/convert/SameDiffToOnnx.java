package dev.argus.zoo.convert;

import static dev.argus.zoo.convert.OnnxGraph.floatAttr;
import static dev.argus.zoo.convert.OnnxGraph.intAttr;
import static dev.argus.zoo.convert.OnnxGraph.intsAttr;
import static dev.argus.zoo.convert.OnnxGraph.stringAttr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DepthwiseConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * A SameDiff graph as ONNX nodes, op by op. It serves both SameDiff graphs Argus runs: the TF.js importer's
 * and the ones DL4J SameDiff layers define (DETR-lite's transformer).
 *
 * <p>Before emitting, the graph is run once on a probe input (zeros, batch 1). That gives every value's
 * rank (for matmul transposes and negative axes) and the value of everything that depends on constants
 * only — reshape targets, paddings, sizes — which becomes an ONNX initializer instead of a subgraph.
 * Nothing of the probe's batch size is baked in: values that depend on the input stay ONNX nodes.
 * Only the ops the wanted outputs need are emitted. An op this class does not know fails naming the op
 * and the variable it computes.
 */
final class SameDiffToOnnx {

    /** The layer's output value and its rank. */
    record Result(String value, int rank) {
    }

    private final OnnxGraph onnx;
    private final SameDiff sd;
    private final String prefix;
    private final Map<String, String> valueOf = new HashMap<>();
    private final Map<String, INDArray> probed = new HashMap<>();
    private final Set<String> staticVars = new HashSet<>();
    /** Where a SameDiff op came from, for messages (e.g. the TF node); may return null. */
    private final java.util.function.Function<String, String> origin;

    private SameDiffToOnnx(OnnxGraph onnx, SameDiff sd, String prefix, java.util.function.Function<String, String> origin) {
        this.onnx = onnx;
        this.sd = sd;
        this.prefix = prefix;
        this.origin = origin;
    }

    /**
     * Emits what {@code wanted} needs. {@code inputs} maps each placeholder to the ONNX value that feeds
     * it; {@code probe} holds a sample value per placeholder. Returns the ONNX value of each wanted variable.
     */
    static Map<String, String> emit(OnnxGraph onnx, SameDiff sd, String prefix, Map<String, String> inputs,
                                    Map<String, INDArray> probe, Collection<String> wanted,
                                    java.util.function.Function<String, String> origin) {
        SameDiffToOnnx t = new SameDiffToOnnx(onnx, sd, prefix, origin);
        t.translate(inputs, probe, wanted);
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : wanted) {
            out.put(w, t.value(w));
        }
        return out;
    }

    /**
     * A DL4J SameDiff layer: its graph rebuilt from the layer's configuration ({@code defineLayer}) with the
     * trained parameters as constants, fed by {@code input}. {@code probeInput} is a sample of what the
     * layer reads (batch 1), from a forward pass of the network.
     */
    static Result layer(OnnxGraph onnx, String name, SameDiffLayer layer, Map<String, INDArray> params, String input,
                        INDArray probeInput) {
        SameDiff sd = SameDiff.create();
        long[] placeholderShape = probeInput.shape().clone();
        placeholderShape[0] = -1;
        SDVariable in = sd.placeHolder("input", DataType.FLOAT, placeholderShape);
        Map<String, SDVariable> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, sd.constant(k, v.dup())));
        SDVariable out;
        try {
            out = layer.defineLayer(sd, in, p, null);
        } catch (RuntimeException e) {
            throw new OnnxConversionException("vertex '" + name + "': cannot rebuild SameDiff layer "
                    + layer.getClass().getSimpleName() + " from its configuration: " + e.getMessage());
        }
        SameDiffToOnnx t = new SameDiffToOnnx(onnx, sd, name + "/", op -> "vertex '" + name + "'");
        t.translate(Map.of("input", input), Map.of("input", probeInput.castTo(DataType.FLOAT)), List.of(out.name()));
        return new Result(t.value(out.name()), t.rank(out.name()));
    }

    private void translate(Map<String, String> inputs, Map<String, INDArray> probe, Collection<String> wanted) {
        valueOf.putAll(inputs);
        List<DifferentialFunction> ops = opsFor(wanted);
        probe(probe, ops);
        for (DifferentialFunction op : ops) {
            op(op);
        }
    }

    /** The ops the wanted variables depend on, in graph order. */
    private List<DifferentialFunction> opsFor(Collection<String> wanted) {
        Set<String> neededOps = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(wanted);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!seen.add(v) || valueOf.containsKey(v)) {
                continue;
            }
            DifferentialFunction producer = sd.getVariableOutputOp(v);
            if (producer == null) {
                continue;
            }
            if (neededOps.add(producer.getOwnName())) {
                for (SDVariable arg : producer.args()) {
                    todo.push(arg.name());
                }
            }
        }
        List<DifferentialFunction> ops = new ArrayList<>();
        for (DifferentialFunction op : sd.ops()) {
            if (neededOps.contains(op.getOwnName())) {
                ops.add(op);
            }
        }
        return ops;
    }

    /** Runs the graph on the probe feed for every value the ops read or write. */
    private void probe(Map<String, INDArray> feed, List<DifferentialFunction> ops) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (DifferentialFunction op : ops) {
            for (SDVariable v : op.outputVariables()) {
                names.add(v.name());
            }
            for (SDVariable v : op.args()) {
                if (v.getVariableType() == VariableType.ARRAY) {
                    names.add(v.name());
                }
            }
        }
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
                staticVars.add(v.name());
            }
        }
        for (DifferentialFunction op : ops) {
            boolean allStatic = Arrays.stream(op.args()).allMatch(a -> staticVars.contains(a.name()));
            if (allStatic) {
                for (SDVariable v : op.outputVariables()) {
                    staticVars.add(v.name());
                }
            }
        }
        if (!names.isEmpty()) {
            probed.putAll(sd.output(feed, names.toArray(String[]::new)));
        }
    }

    /** The ONNX value of a SameDiff variable; a constant becomes an initializer on first use. */
    private String value(String var) {
        String v = valueOf.get(var);
        if (v != null) {
            return v;
        }
        if (!staticVars.contains(var)) {
            throw new IllegalStateException("SameDiff variable '" + var + "' used before it was emitted");
        }
        v = onnx.tensor(prefix + var, constantValue(var));
        valueOf.put(var, v);
        return v;
    }

    private INDArray constantValue(String var) {
        SDVariable v = sd.getVariable(var);
        if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
            return v.getArr();
        }
        INDArray p = probed.get(var);
        if (p == null) {
            throw new IllegalStateException("no value for constant '" + var + "'");
        }
        return p;
    }

    private int rank(String var) {
        INDArray p = probed.get(var);
        return p != null ? p.rank() : constantValue(var).rank();
    }

    private void op(DifferentialFunction op) {
        SDVariable[] outs = op.outputVariables();
        if (Arrays.stream(outs).allMatch(o -> staticVars.contains(o.name()))) {
            return; // folded: becomes an initializer where a dynamic op reads it
        }
        String[] results;
        try {
            results = onnxNodes(op);
        } catch (OnnxConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unsupported(op, e.getMessage());
        }
        for (int i = 0; i < outs.length && i < results.length; i++) {
            valueOf.put(outs[i].name(), results[i]);
        }
    }

    private String[] onnxNodes(DifferentialFunction op) {
        String out = op.outputVariables()[0].name();
        String n = prefix + out;
        // inputs become ONNX values only when read: a conv's raw weights, say, are re-laid out instead
        SDVariable[] args = op.args();
        List<String> in = new java.util.AbstractList<>() {
            @Override
            public String get(int i) {
                return value(args[i].name());
            }

            @Override
            public int size() {
                return args.length;
            }
        };
        return switch (op.opName()) {
            case "add" -> one(onnx.node("Add", n, in));
            case "subtract" -> one(onnx.node("Sub", n, in));
            case "multiply" -> one(onnx.node("Mul", n, in));
            case "divide" -> one(onnx.node("Div", n, in));
            case "maximum" -> one(onnx.node("Max", n, in));
            case "floordiv" -> one(op.outputVariables()[0].dataType().isFPType()
                    ? onnx.node("Floor", n, List.of(onnx.node("Div", n + "/div", in))) : onnx.node("Div", n, in));
            case "floormod" -> one(onnx.node("Mod", n, in, intAttr("fmod", op.outputVariables()[0].dataType().isFPType() ? 1 : 0)));
            case "equals" -> one(onnx.node("Equal", n, in));
            case "exp" -> one(onnx.node("Exp", n, in));
            case "sigmoid" -> one(onnx.node("Sigmoid", n, in));
            case "relu" -> one(onnx.node("Relu", n, in));
            case "relu6" -> one(onnx.node("Clip", n, List.of(in.get(0), scalar(n + "/min", 0), scalar(n + "/max", 6))));
            case "leakyrelu" -> one(onnx.node("LeakyRelu", n, in,
                    floatAttr("alpha", ((Number) op.propertiesForFunction().get("alpha")).floatValue())));
            case "identity" -> one(onnx.node("Identity", n, in));
            case "cast" -> one(onnx.node("Cast", n, in,
                    intAttr("to", OnnxGraph.elementType(op.outputVariables()[0].dataType()).getNumber())));
            case "mul_scalar", "add_scalar", "sub_scalar", "div_scalar" -> one(scalarOp(op, n, in.get(0)));
            case "concat" -> one(onnx.node("Concat", n, in,
                    intAttr("axis", ((Number) op.propertiesForFunction().get("concatDimension")).longValue())));
            case "reshape" -> one(reshape(op, n, in));
            case "permute" -> one(onnx.node("Transpose", n, List.of(in.get(0)), intsAttr("perm", longArgs(op, 1))));
            case "expand_dims" -> one(onnx.node("Unsqueeze", n, List.of(in.get(0), onnx.longs(n + "/axes", longArgs(op, 1)))));
            case "matmul" -> one(matmul(op, n, in));
            case "layer_norm" -> one(layerNorm(op, n, in));
            case "reduce_mean" -> one(reduce(op, n, in.get(0), "ReduceMean"));
            case "reduce_max" -> one(reduce(op, n, in.get(0), "ReduceMax"));
            case "reduce_sum" -> one(reduce(op, n, in.get(0), "ReduceSum"));
            case "strided_slice" -> one(stridedSlice(op, n, in.get(0)));
            case "pad" -> one(pad(op, n, in));
            case "split_v" -> splitV(op, n, in.get(0));
            case "conv2d" -> one(conv(n, in, ((Conv2D) op).getConfig(), false, op));
            case "depthwise_conv2d" -> one(conv(n, in, ((DepthwiseConv2D) op).getConfig(), true, op));
            case "maxpool2d" -> one(maxPool(op, n, in.get(0), ((MaxPooling2D) op).getConfig()));
            case "resize_bilinear" -> one(resizeBilinear((DynamicCustomOp) op, n, in.get(0)));
            case "gather" -> one(onnx.node("Gather", n, List.of(in.get(0), in.get(1)),
                    intAttr("axis", ((DynamicCustomOp) op).iArgs()[0])));
            case "shape_of" -> one(castFromInt64(op, n, onnx.node("Shape", n + "/shape", in)));
            case "size_at" -> one(castFromInt64(op, n, onnx.node("Gather", n + "/at", List.of(
                    onnx.node("Shape", n + "/shape", in), onnx.longScalar(n + "/index", ((DynamicCustomOp) op).iArgs()[0])),
                    intAttr("axis", 0))));
            case "range" -> one(onnx.node("Range", n, in));
            case "top_k" -> topK((DynamicCustomOp) op, n, in.get(0));
            default -> throw unsupported(op, "no ONNX translation for this op");
        };
    }

    private static String[] one(String value) {
        return new String[]{value};
    }

    private String scalar(String name, float value) {
        return onnx.floats(name, new long[0], value);
    }

    private String scalarOp(DifferentialFunction op, String n, String x) {
        float s = ((BaseScalarOp) op).scalar().getFloat(0);
        String c = scalar(n + "/scalar", s);
        String onnxOp = switch (op.opName()) {
            case "mul_scalar" -> "Mul";
            case "add_scalar" -> "Add";
            case "sub_scalar" -> "Sub";
            default -> "Div";
        };
        return onnx.node(onnxOp, n, List.of(x, c));
    }

    /** Integer arguments of a custom op from position {@code from} on, or the value of its second input. */
    private long[] longArgs(DifferentialFunction op, int fromInput) {
        SDVariable[] args = op.args();
        if (args.length > fromInput) {
            return constantValue(args[fromInput].name()).castTo(DataType.LONG).toLongVector();
        }
        return ((DynamicCustomOp) op).iArgs();
    }

    private String reshape(DifferentialFunction op, String n, List<String> in) {
        if (op.args().length > 1) {
            SDVariable target = op.args()[1];
            if (staticVars.contains(target.name())) {
                return onnx.node("Reshape", n, List.of(in.get(0), onnx.longs(n + "/shape", longArgs(op, 1))));
            }
            String shape = target.dataType() == DataType.LONG ? in.get(1)
                    : onnx.node("Cast", n + "/shape", List.of(in.get(1)), intAttr("to", OnnxGraph.elementType(DataType.LONG).getNumber()));
            return onnx.node("Reshape", n, List.of(in.get(0), shape));
        }
        long[] i = ((DynamicCustomOp) op).iArgs();
        long[] shape = i.length > 0 && (i[0] == -99 || i[0] == -102) ? Arrays.copyOfRange(i, 1, i.length) : i;
        if (i.length > 0 && i[0] == -102) {
            throw unsupported(op, "a reshape in 'f' order");
        }
        return onnx.node("Reshape", n, List.of(in.get(0), onnx.longs(n + "/shape", shape)));
    }

    private String matmul(DifferentialFunction op, String n, List<String> in) {
        Map<String, Object> p = op.propertiesForFunction();
        String a = in.get(0);
        String b = in.get(1);
        if (Boolean.TRUE.equals(p.get("transposeA"))) {
            a = swapLast(n + "/a_t", a, rank(op.args()[0].name()));
        }
        if (Boolean.TRUE.equals(p.get("transposeB"))) {
            b = swapLast(n + "/b_t", b, rank(op.args()[1].name()));
        }
        double[] t = ((DynamicCustomOp) op).tArgs();
        if (t.length > 0 && t[0] != 1.0) {
            throw unsupported(op, "a matmul with alpha " + t[0]);
        }
        String y = onnx.node("MatMul", Boolean.TRUE.equals(p.get("transposeResult")) ? n + "/mm" : n, List.of(a, b));
        if (Boolean.TRUE.equals(p.get("transposeResult"))) {
            y = swapLast(n, y, rank(op.outputVariables()[0].name()));
        }
        return y;
    }

    private String swapLast(String name, String x, int rank) {
        long[] perm = new long[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return onnx.node("Transpose", name, List.of(x), intsAttr("perm", perm));
    }

    /**
     * ND4J's layer_norm: standardise over the given dimensions by the population standard deviation, with
     * no epsilon, and a 0/0 (a row with no spread) replaced by 0; then gain and bias. Written out rather
     * than as ONNX LayerNormalization, which has no such replacement (a constant row gives NaN there).
     */
    private String layerNorm(DifferentialFunction op, String n, List<String> in) {
        long[] dims = ((DynamicCustomOp) op).iArgs();
        String x = in.get(0);
        String mean = onnx.node("ReduceMean", n + "/mean", List.of(x), intsAttr("axes", dims), intAttr("keepdims", 1));
        String centred = onnx.node("Sub", n + "/centred", List.of(x, mean));
        String variance = onnx.node("ReduceMean", n + "/var", List.of(onnx.node("Mul", n + "/sq", List.of(centred, centred))),
                intsAttr("axes", dims), intAttr("keepdims", 1));
        String standard = onnx.node("Div", n + "/std", List.of(centred, onnx.node("Sqrt", n + "/sd", List.of(variance))));
        String zero = scalar(n + "/zero", 0f);
        String y = onnx.node("Where", n + "/nan0", List.of(onnx.node("IsNaN", n + "/isnan", List.of(standard)), zero, standard));
        String scaled = onnx.node("Mul", in.size() > 2 ? n + "/gain" : n, List.of(y, in.get(1)));
        return in.size() > 2 ? onnx.node("Add", n, List.of(scaled, in.get(2))) : scaled;
    }

    private String reduce(DifferentialFunction op, String n, String x, String onnxOp) {
        BaseReduceOp r = (BaseReduceOp) op;
        INDArray given = r.dimensions();
        long[] dims = given == null ? new long[0] : given.castTo(DataType.LONG).toLongVector();
        if (op.args().length > 1) {
            dims = longArgs(op, 1);
        }
        AttributeProto keep = intAttr("keepdims", r.isKeepDims() ? 1 : 0);
        if (onnxOp.equals("ReduceSum")) {
            return onnx.node(onnxOp, n, List.of(x, onnx.longs(n + "/axes", dims)), keep);
        }
        return onnx.node(onnxOp, n, List.of(x), intsAttr("axes", dims), keep);
    }

    private String stridedSlice(DifferentialFunction op, String n, String x) {
        long[] i = ((DynamicCustomOp) op).iArgs();
        long beginMask = i[0];
        long ellipsisMask = i[1];
        long endMask = i[2];
        long newAxisMask = i[3];
        long shrinkMask = i[4];
        long[] begin;
        long[] end;
        long[] strides;
        if (op.args().length >= 4) {
            begin = longArgs(op, 1);
            end = longArgs(op, 2);
            strides = longArgs(op, 3);
        } else {
            int k = (i.length - 5) / 3;
            begin = Arrays.copyOfRange(i, 5, 5 + k);
            end = Arrays.copyOfRange(i, 5 + k, 5 + 2 * k);
            strides = Arrays.copyOfRange(i, 5 + 2 * k, 5 + 3 * k);
        }
        if (ellipsisMask != 0 || newAxisMask != 0) {
            throw unsupported(op, "a strided slice with ellipsis or new-axis masks");
        }
        int k = begin.length;
        long[] starts = new long[k];
        long[] ends = new long[k];
        long[] axes = new long[k];
        List<Long> squeeze = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            axes[a] = a;
            boolean shrink = (shrinkMask >> a & 1) == 1;
            starts[a] = (beginMask >> a & 1) == 1 ? (strides[a] > 0 ? 0 : Long.MAX_VALUE) : begin[a];
            if (shrink) {
                ends[a] = begin[a] == -1 ? Long.MAX_VALUE : begin[a] + 1;
                squeeze.add((long) a);
            } else {
                ends[a] = (endMask >> a & 1) == 1 ? (strides[a] > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : end[a];
            }
        }
        String sliced = onnx.node("Slice", squeeze.isEmpty() ? n : n + "/slice", List.of(x, onnx.longs(n + "/starts", starts),
                onnx.longs(n + "/ends", ends), onnx.longs(n + "/axes", axes), onnx.longs(n + "/steps", strides)));
        if (squeeze.isEmpty()) {
            return sliced;
        }
        return onnx.node("Squeeze", n, List.of(sliced, onnx.longs(n + "/squeeze", squeeze.stream().mapToLong(Long::longValue).toArray())));
    }

    private String pad(DifferentialFunction op, String n, List<String> in) {
        DynamicCustomOp c = (DynamicCustomOp) op;
        if (c.iArgs().length > 0 && c.iArgs()[0] != 0) {
            throw unsupported(op, "a pad in mode " + c.iArgs()[0] + " (only constant padding)");
        }
        INDArray paddings = constantValue(op.args()[1].name()).castTo(DataType.LONG);
        int rank = (int) paddings.size(0);
        long[] pads = new long[2 * rank];
        for (int a = 0; a < rank; a++) {
            pads[a] = paddings.getLong(a, 0);
            pads[rank + a] = paddings.getLong(a, 1);
        }
        float value = c.tArgs().length > 0 ? (float) c.tArgs()[0] : 0f;
        return onnx.node("Pad", n, List.of(in.get(0), onnx.longs(n + "/pads", pads), scalar(n + "/value", value)),
                stringAttr("mode", "constant"));
    }

    private String[] splitV(DifferentialFunction op, String n, String x) {
        Map<String, Object> p = op.propertiesForFunction();
        long[] sizes = constantValue(op.args()[1].name()).castTo(DataType.LONG).toLongVector();
        long axis = ((Number) p.get("splitDim")).longValue();
        return onnx.nodeWithOutputs("Split", n, List.of(x, onnx.longs(n + "/sizes", sizes)), sizes.length, intAttr("axis", axis));
    }

    /** A TF-style 2-D convolution (NHWC or NCHW data, YXIO or OIYX weights) as ONNX Conv on NCHW. */
    private String conv(String n, List<String> in, Conv2DConfig cfg, boolean depthwise, DifferentialFunction op) {
        boolean nhwc = "NHWC".equalsIgnoreCase(cfg.getDataFormat());
        INDArray w = constantValue(op.args()[1].name());
        INDArray kernel;
        long groups = 1;
        if (depthwise) {
            // [kH, kW, in, multiplier] → [in·multiplier, 1, kH, kW]; output channel c·multiplier + m as in TF
            long kh = w.size(0);
            long kw = w.size(1);
            groups = w.size(2);
            long outCh = w.size(2) * w.size(3);
            kernel = w.reshape('c', kh, kw, outCh).permute(2, 0, 1).dup('c').reshape('c', outCh, 1, kh, kw);
        } else {
            WeightsFormat format = cfg.getWeightsFormat();
            kernel = switch (format == null ? WeightsFormat.YXIO : format) {
                case YXIO -> w.permute(3, 2, 0, 1).dup('c');
                case OIYX -> w;
                case OYXI -> w.permute(0, 3, 1, 2).dup('c');
            };
        }
        List<String> inputs = new ArrayList<>();
        String x = nhwc ? toNchw(n, in.get(0)) : in.get(0);
        inputs.add(x);
        inputs.add(onnx.weights(n + "/W", kernel));
        if (in.size() > 2) {
            inputs.add(in.get(2));
        }
        List<AttributeProto> attrs = new ArrayList<>(List.of(
                intsAttr("kernel_shape", kernel.size(2), kernel.size(3)),
                intsAttr("strides", cfg.getSH(), cfg.getSW()),
                intsAttr("dilations", cfg.getDH(), cfg.getDW()),
                intAttr("group", groups)));
        attrs.add(padding(op, cfg.getPaddingMode(), cfg.getPH(), cfg.getPW()));
        String y = onnx.node("Conv", nhwc ? n + "/nchw" : n, inputs, attrs.toArray(AttributeProto[]::new));
        return nhwc ? toNhwc(n, y) : y;
    }

    private AttributeProto padding(DifferentialFunction op, PaddingMode mode, long ph, long pw) {
        return switch (mode) {
            case SAME -> stringAttr("auto_pad", "SAME_UPPER");
            case VALID -> intsAttr("pads", ph, pw, ph, pw);
            default -> throw unsupported(op, "padding mode " + mode);
        };
    }

    private String maxPool(DifferentialFunction op, String n, String x, Pooling2DConfig cfg) {
        boolean nhwc = cfg.isNHWC();
        String in = nhwc ? toNchw(n, x) : x;
        String y = onnx.node("MaxPool", nhwc ? n + "/nchw" : n, List.of(in),
                intsAttr("kernel_shape", cfg.getKH(), cfg.getKW()), intsAttr("strides", cfg.getSH(), cfg.getSW()),
                padding(op, cfg.getPaddingMode(), cfg.getPH(), cfg.getPW()));
        return nhwc ? toNhwc(n, y) : y;
    }

    /** TF's ResizeBilinear on NHWC: ONNX Resize (linear) on NCHW to the fixed output size. */
    private String resizeBilinear(DynamicCustomOp op, String n, String x) {
        long[] size = op.iArgs();
        boolean[] flags = op.bArgs();
        boolean alignCorners = flags.length > 0 && flags[0];
        boolean halfPixel = flags.length > 1 && flags[1];
        if (op.args().length > 1) {
            size = constantValue(op.args()[1].name()).castTo(DataType.LONG).toLongVector();
        }
        String nchw = toNchw(n, x);
        String batchAndChannels = onnx.node("Slice", n + "/nc", List.of(onnx.node("Shape", n + "/shape", List.of(nchw)),
                onnx.longs(n + "/nc_start", 0), onnx.longs(n + "/nc_end", 2)));
        String sizes = onnx.node("Concat", n + "/sizes", List.of(batchAndChannels, onnx.longs(n + "/hw", size[0], size[1])),
                intAttr("axis", 0));
        String mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        String y = onnx.node("Resize", n + "/nchw", List.of(nchw, "", "", sizes), stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", mode));
        return toNhwc(n, y);
    }

    private String[] topK(DynamicCustomOp op, String n, String x) {
        long k = op.args().length > 1 ? longArgs(op, 1)[0] : op.iArgs()[0];
        String[] vi = onnx.nodeWithOutputs("TopK", n, List.of(x, onnx.longs(n + "/k", k)), 2,
                intAttr("axis", -1), intAttr("largest", 1), intAttr("sorted", 1));
        DataType indexType = op.outputVariables()[1].dataType();
        String indices = indexType == DataType.LONG ? vi[1]
                : onnx.node("Cast", n + "/indices", List.of(vi[1]), intAttr("to", OnnxGraph.elementType(indexType).getNumber()));
        return new String[]{vi[0], indices};
    }

    private String castFromInt64(DifferentialFunction op, String n, String int64) {
        DataType t = op.outputVariables()[0].dataType();
        return t == DataType.LONG ? int64 : onnx.node("Cast", n, List.of(int64), intAttr("to", OnnxGraph.elementType(t).getNumber()));
    }

    private String toNchw(String n, String x) {
        return onnx.node("Transpose", n + "/to_nchw", List.of(x), intsAttr("perm", 0, 3, 1, 2));
    }

    private String toNhwc(String n, String x) {
        return onnx.node("Transpose", n, List.of(x), intsAttr("perm", 0, 2, 3, 1));
    }

    private OnnxConversionException unsupported(DifferentialFunction op, String why) {
        String from = origin.apply(op.getOwnName());
        return new OnnxConversionException("SameDiff op '" + op.opName() + "' computing '" + op.outputVariables()[0].name()
                + "'" + (from == null ? "" : " (from " + from + ")") + ": " + why);
    }
}
