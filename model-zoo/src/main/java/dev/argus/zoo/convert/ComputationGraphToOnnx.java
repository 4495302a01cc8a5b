package dev.argus.zoo.convert;

import static dev.argus.zoo.convert.OnnxGraph.floatAttr;
import static dev.argus.zoo.convert.OnnxGraph.intAttr;
import static dev.argus.zoo.convert.OnnxGraph.intsAttr;
import static dev.argus.zoo.convert.OnnxGraph.stringAttr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.ModelProto;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.InputVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A DL4J {@link ComputationGraph} (one image input, NCHW) as an ONNX model that computes what
 * {@code ComputationGraphNetwork} hands a decoder: the same input, and each network output under its own
 * name, rank-4 ones channels-last. One or a few ONNX nodes per vertex, in {@code topologicalSortOrder()}:
 * <ul>
 *   <li>convolutions keep their activation — DL4J's default is sigmoid, so a conv without
 *       {@code .activation(...)} really is conv → sigmoid, and BN cannot be folded into it;</li>
 *   <li>{@code ConvolutionMode.Same} is ONNX's {@code SAME_UPPER} (TensorFlow's rule: the odd pixel of
 *       padding goes at the end), which DL4J follows;</li>
 *   <li>batch norm stores log10 of the standard deviation: variance = (10^p)²;</li>
 *   <li>loss layers are their activation; {@code Yolo2OutputLayer} is what its {@code activate} computes
 *       (sigmoid x, y and confidence, prior·exp for w, h, softmax over the classes);</li>
 *   <li>SameDiff layers are rebuilt from their configuration and translated op by op
 *       ({@link SameDiffToOnnx}).</li>
 * </ul>
 * Anything else is an {@link OnnxConversionException} naming the layer.
 */
public final class ComputationGraphToOnnx {

    private final ComputationGraph net;
    private final ComputationGraphConfiguration conf;
    private final OnnxGraph onnx;
    private final Map<String, String> valueOf = new HashMap<>();
    private final Map<String, Integer> rankOf = new HashMap<>();

    /** A sample input (batch 1), for the forward pass that SameDiff layers are probed with; null until needed. */
    private final long[] probeInputShape;
    private Map<String, INDArray> probeActivations;

    private ComputationGraphToOnnx(ComputationGraph net, String modelName, long[] probeInputShape) {
        this.net = net;
        this.probeInputShape = probeInputShape;
        this.conf = net.getConfiguration();
        this.onnx = new OnnxGraph(modelName);
    }

    /**
     * The ONNX model of {@code net}; {@code modelName} only labels the graph. {@code inputShape} is the
     * NCHW input the network was made for (batch 1), used to probe SameDiff layers.
     */
    public static ModelProto convert(ComputationGraph net, String modelName, long[] inputShape) {
        return new ComputationGraphToOnnx(net, modelName, inputShape).build();
    }

    private ModelProto build() {
        if (conf.getNetworkInputs().size() != 1) {
            throw new OnnxConversionException("only single-input graphs convert; this one has inputs " + conf.getNetworkInputs());
        }
        for (String output : conf.getNetworkOutputs()) {
            onnx.reserve(output);
        }
        for (int index : net.topologicalSortOrder()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex vertex = net.getVertices()[index];
            String name = vertex.getVertexName();
            if (vertex instanceof InputVertex) {
                onnx.input(name, inputDims());
                valueOf.put(name, name);
                rankOf.put(name, 4);
                continue;
            }
            List<String> inputs = conf.getVertexInputs().get(name);
            GraphVertex vertexConf = conf.getVertices().get(name);
            valueOf.put(name, vertex(name, vertexConf, inputs));
        }
        for (String output : conf.getNetworkOutputs()) {
            String value = valueOf.get(output);
            if (rankOf.get(output) == 4) {
                onnx.nodeNamed("Transpose", output, List.of(value), intsAttr("perm", 0, 2, 3, 1));
            } else {
                onnx.nodeNamed("Identity", output, List.of(value));
            }
            onnx.output(output, rankOf.get(output));
        }
        return onnx.model("argus ComputationGraphToOnnx");
    }

    /**
     * Batch open; height and width open too (the convolutions take any size) unless a SameDiff layer
     * fixes them (DETR-lite's token count is part of its graph).
     */
    private long[] inputDims() {
        boolean fixedSize = conf.getVertices().values().stream()
                .anyMatch(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SameDiffLayer);
        return fixedSize ? new long[]{-1, 3, probeInputShape[2], probeInputShape[3]} : new long[]{-1, 3, -1, -1};
    }

    private String vertex(String name, GraphVertex vertexConf, List<String> inputs) {
        List<String> in = inputs.stream().map(valueOf::get).toList();
        int rank = rankOf.get(inputs.get(0));
        rankOf.put(name, rank);
        if (vertexConf instanceof MergeVertex) {
            return onnx.node("Concat", name, in, intAttr("axis", 1));
        }
        if (vertexConf instanceof ElementWiseVertex e) {
            return elementWise(name, e.getOp(), in);
        }
        if (vertexConf instanceof LayerVertex lv) {
            return layer(name, lv.getLayerConf().getLayer(), in.get(0));
        }
        throw unsupported(name, vertexConf.getClass().getSimpleName() + " vertices");
    }

    private String elementWise(String name, ElementWiseVertex.Op op, List<String> in) {
        String onnxOp = switch (op) {
            case Add -> "Add";
            case Subtract -> "Sub";
            case Product -> "Mul";
            case Max -> "Max";
            case Average -> "Mean";
        };
        if (onnxOp.equals("Add") && in.size() > 2) {
            return onnx.node("Sum", name, in);
        }
        if (onnxOp.equals("Mul") && in.size() > 2) {
            String product = in.get(0);
            for (int i = 1; i < in.size() - 1; i++) {
                product = onnx.node("Mul", name + "/" + i, List.of(product, in.get(i)));
            }
            return onnx.node("Mul", name, List.of(product, in.get(in.size() - 1)));
        }
        return onnx.node(onnxOp, name, in);
    }

    private String layer(String name, Layer layer, String in) {
        if (layer.getClass() == ConvolutionLayer.class) {
            return convolution(name, (ConvolutionLayer) layer, in);
        }
        if (layer instanceof BatchNormalization bn) {
            return batchNorm(name, bn, in);
        }
        if (layer instanceof ActivationLayer a) {
            return activation(name, a.getActivationFn(), in, 1);
        }
        if (layer instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
            return pooling(name, s, in);
        }
        if (layer instanceof Upsampling2D u) {
            int[] size = u.getSize();
            String scales = onnx.floats(name + "/scales", new long[]{4}, 1, 1, size[0], size[1]);
            return onnx.node("Resize", name, List.of(in, "", scales), stringAttr("mode", "nearest"),
                    stringAttr("coordinate_transformation_mode", "asymmetric"), stringAttr("nearest_mode", "floor"));
        }
        if (layer instanceof CnnLossLayer loss) {
            return activation(name, loss.getActivationFn(), in, 1);
        }
        if (layer instanceof LossLayer loss) {
            return activation(name, loss.getActivationFn(), in, -1);
        }
        if (layer instanceof Yolo2OutputLayer yolo) {
            return yolo(name, yolo, in);
        }
        if (layer instanceof SameDiffLayer sameDiff) {
            String source = conf.getVertexInputs().get(name).get(0);
            SameDiffToOnnx.Result result = SameDiffToOnnx.layer(onnx, name, sameDiff, net.getVertex(name).paramTable(false),
                    in, probeActivations().get(source));
            rankOf.put(name, result.rank());
            return result.value();
        }
        throw unsupported(name, layer.getClass().getSimpleName() + " layers");
    }

    private Map<String, INDArray> probeActivations() {
        if (probeActivations == null) {
            INDArray sample = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, probeInputShape);
            probeActivations = net.feedForward(new INDArray[]{sample}, false, false);
        }
        return probeActivations;
    }

    private String convolution(String name, ConvolutionLayer c, String in) {
        if (c.getCnn2dDataFormat() != null && c.getCnn2dDataFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
            throw unsupported(name, "channels-last convolutions");
        }
        List<String> inputs = new ArrayList<>(List.of(in, onnx.weights(name + "/W", param(name, "W"))));
        if (c.hasBias()) {
            INDArray b = param(name, "b");
            inputs.add(onnx.weights(name + "/b", b.reshape(b.length())));
        }
        List<AttributeProto> attrs = new ArrayList<>(window(name, c.getConvolutionMode(), c.getKernelSize(),
                c.getStride(), c.getPadding()));
        attrs.add(intsAttr("dilations", c.getDilation()[0], c.getDilation()[1]));
        String conv = onnx.node("Conv", name + "/conv", inputs, attrs.toArray(AttributeProto[]::new));
        return activation(name, c.getActivationFn(), conv, 1);
    }

    /** Kernel, strides and padding of a conv or pool window, by DL4J's convolution mode. */
    private List<AttributeProto> window(String name, ConvolutionMode mode, int[] kernel, int[] stride, int[] padding) {
        List<AttributeProto> attrs = new ArrayList<>();
        attrs.add(intsAttr("kernel_shape", kernel[0], kernel[1]));
        attrs.add(intsAttr("strides", stride[0], stride[1]));
        switch (mode) {
            case Same -> attrs.add(stringAttr("auto_pad", "SAME_UPPER"));
            case Truncate, Strict -> attrs.add(intsAttr("pads", padding[0], padding[1], padding[0], padding[1]));
            default -> throw unsupported(name, "convolution mode " + mode);
        }
        return attrs;
    }

    private String batchNorm(String name, BatchNormalization bn, String in) {
        Map<String, INDArray> p = net.getVertex(name).paramTable(false);
        long channels = p.get("mean").length();
        INDArray gamma = bn.isLockGammaBeta() ? constant(channels, bn.getGamma()) : p.get("gamma");
        INDArray beta = bn.isLockGammaBeta() ? constant(channels, bn.getBeta()) : p.get("beta");
        INDArray variance = bn.isUseLogStd()
                ? Transforms.exp(p.get("log10stdev").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).mul(2 * Math.log(10)), false)
                : p.get("var");
        List<String> inputs = List.of(in,
                onnx.weights(name + "/gamma", gamma.reshape(channels)),
                onnx.weights(name + "/beta", beta.reshape(channels)),
                onnx.weights(name + "/mean", p.get("mean").reshape(channels)),
                onnx.weights(name + "/var", variance.reshape(channels)));
        return onnx.node("BatchNormalization", name, inputs, floatAttr("epsilon", (float) bn.getEps()));
    }

    private static INDArray constant(long length, double value) {
        return org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[]{length}, value);
    }

    private String pooling(String name, SubsamplingLayer s, String in) {
        String op = switch (s.getPoolingType()) {
            case MAX -> "MaxPool";
            case AVG -> "AveragePool";
            default -> throw unsupported(name, s.getPoolingType() + " pooling");
        };
        if (s.getPoolingType() == PoolingType.AVG && s.getConvolutionMode() == ConvolutionMode.Same) {
            throw unsupported(name, "average pooling in Same mode (DL4J's divisor at the borders)");
        }
        return onnx.node(op, name, List.of(in), window(name, s.getConvolutionMode(), s.getKernelSize(), s.getStride(),
                s.getPadding()).toArray(AttributeProto[]::new));
    }

    /**
     * DL4J's Yolo2OutputLayer activation on [n, B·(5+C), h, w]: per anchor b the channels b·(5+C) + k are
     * x, y (sigmoid), w, h (prior·exp, prior in grid cells), confidence (sigmoid), C class scores (softmax).
     */
    private String yolo(String name, Yolo2OutputLayer yolo, String in) {
        INDArray priors = yolo.getBoundingBoxes();
        int anchors = (int) priors.size(0);
        long channels = channelsOf(name);
        long classes = channels / anchors - 5;
        if (classes < 1 || channels % anchors != 0) {
            throw unsupported(name, "a YOLO output of " + channels + " channels for " + anchors + " anchors");
        }
        long[] sizes = new long[4 * anchors];
        for (int b = 0; b < anchors; b++) {
            sizes[4 * b] = 2;
            sizes[4 * b + 1] = 2;
            sizes[4 * b + 2] = 1;
            sizes[4 * b + 3] = classes;
        }
        String[] parts = onnx.nodeWithOutputs("Split", name + "/split", List.of(in, onnx.longs(name + "/sizes", sizes)),
                sizes.length, intAttr("axis", 1));
        List<String> activated = new ArrayList<>();
        for (int b = 0; b < anchors; b++) {
            String prefix = name + "/anchor" + b;
            activated.add(onnx.node("Sigmoid", prefix + "/xy", List.of(parts[4 * b])));
            String exp = onnx.node("Exp", prefix + "/wh_exp", List.of(parts[4 * b + 1]));
            String prior = onnx.floats(prefix + "/prior", new long[]{1, 2, 1, 1},
                    priors.getFloat(b, 0), priors.getFloat(b, 1));
            activated.add(onnx.node("Mul", prefix + "/wh", List.of(exp, prior)));
            activated.add(onnx.node("Sigmoid", prefix + "/conf", List.of(parts[4 * b + 2])));
            activated.add(onnx.node("Softmax", prefix + "/classes", List.of(parts[4 * b + 3]), intAttr("axis", 1)));
        }
        return onnx.node("Concat", name, activated, intAttr("axis", 1));
    }

    /** The channel count a layer reads: the output channels of the conv that feeds it. */
    private long channelsOf(String name) {
        String source = conf.getVertexInputs().get(name).get(0);
        INDArray w = net.getVertex(source).paramTable(false).get("W");
        if (w == null || w.rank() != 4) {
            throw unsupported(name, "a YOLO output not fed directly by a convolution");
        }
        return w.size(0);
    }

    /** {@code fn} on {@code in}; {@code axis} is the softmax axis (1: channels of NCHW, -1: last). */
    private String activation(String name, IActivation fn, String in, int axis) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return in;
        }
        if (fn instanceof ActivationSigmoid) {
            return onnx.node("Sigmoid", name, List.of(in));
        }
        if (fn instanceof ActivationTanH) {
            return onnx.node("Tanh", name, List.of(in));
        }
        if (fn instanceof ActivationLReLU l) {
            return onnx.node("LeakyRelu", name, List.of(in), floatAttr("alpha", (float) l.getAlpha()));
        }
        if (fn instanceof ActivationReLU && fn.toString().equals("relu")) {
            return onnx.node("Relu", name, List.of(in));
        }
        if (fn instanceof ActivationSoftmax) {
            return onnx.node("Softmax", name, List.of(in), intAttr("axis", axis));
        }
        throw unsupported(name, "activation " + fn);
    }

    private INDArray param(String layer, String key) {
        INDArray p = net.getVertex(layer).paramTable(false).get(key);
        if (p == null) {
            throw unsupported(layer, "a layer without parameter '" + key + "'");
        }
        return p;
    }

    private static OnnxConversionException unsupported(String vertex, String what) {
        return new OnnxConversionException("vertex '" + vertex + "': " + what + " cannot be converted to ONNX");
    }
}
