package dev.argus.zoo.onnx;

import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.network.LayerHelpers;
import dev.argus.zoo.network.OnnxForm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.protobuf.ByteString;

/**
 * One small detection-style conv net twice: as a DL4J ComputationGraph with random weights, and as the
 * same network written as ONNX by hand (same weights, Conv + Relu), so the two engines can be compared
 * on identical work before the translators exist. Stride-2 3x3 convs (padding 1) widening 3 → 16 → 32
 * → 64 → 128, a 3x3 conv at stride 1, and a 1x1 head of {@code headChannels}; output {@code head}, NCHW.
 */
final class ConvNetPair {

    private static final int[] WIDTHS = {16, 32, 64, 128};

    final ComputationGraph dl4j;
    final OnnxForm onnx;

    ConvNetPair(int headChannels, long seed) {
        LayerHelpers.enableUnlessConfigured();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs("images").setInputTypes(InputType.convolutional(256, 256, 3));
        String previous = "images";
        int in = 3;
        for (int i = 0; i < WIDTHS.length; i++) {
            g.addLayer("c" + i, new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nIn(in).nOut(WIDTHS[i])
                    .activation(Activation.RELU).build(), previous);
            previous = "c" + i;
            in = WIDTHS[i];
        }
        g.addLayer("mix", new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nIn(in).nOut(in)
                .activation(Activation.RELU).build(), previous);
        g.addLayer("conv_head", new ConvolutionLayer.Builder(1, 1).nIn(in).nOut(headChannels)
                .activation(Activation.IDENTITY).build(), "mix");
        g.addLayer("head", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), "conv_head");
        g.setOutputs("head");
        dl4j = new ComputationGraph(g.build());
        dl4j.init();
        onnx = new OnnxForm(toOnnx(headChannels), true);
    }

    ComputationGraphNetwork dl4jNetwork() {
        return new ComputationGraphNetwork(dl4j);
    }

    private byte[] toOnnx(int headChannels) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("convnet")
                .addInput(tensor("images", "batch", 3, "height", "width"))
                .addOutput(tensor("head", "batch", headChannels, "h", "w"));
        String previous = "images";
        for (int i = 0; i < WIDTHS.length; i++) {
            previous = conv(graph, "c" + i, previous, 3, 2, true);
        }
        previous = conv(graph, "mix", previous, 3, 1, true);
        conv(graph, "conv_head", previous, 1, 1, false);
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput("conv_head").addOutput("head"));
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("argus-bench")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build().toByteArray();
    }

    /** DL4J's W is [out, in, kh, kw] like ONNX's; its bias is [1, out]. */
    private String conv(Onnx.GraphProto.Builder graph, String layer, String input, int kernel, int stride, boolean relu) {
        INDArray w = dl4j.getLayer(layer).getParam("W").dup('c');
        INDArray b = dl4j.getLayer(layer).getParam("b").reshape(-1).dup('c');
        graph.addInitializer(initializer(layer + "_W", w));
        graph.addInitializer(initializer(layer + "_b", b));
        int pad = kernel / 2;
        String out = relu ? layer + "_conv" : layer;
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Conv").setName(layer)
                .addInput(input).addInput(layer + "_W").addInput(layer + "_b").addOutput(out)
                .addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("strides", stride, stride))
                .addAttribute(ints("pads", pad, pad, pad, pad)));
        if (relu) {
            graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Relu").addInput(out).addOutput(layer));
        }
        return layer;
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.TensorProto initializer(String name, INDArray array) {
        float[] values = array.dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
        for (long d : array.shape()) {
            t.addDims(d);
        }
        return t.build();
    }

    private static Onnx.ValueInfoProto tensor(String name, Object... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof Integer i ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(i)
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam((String) d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))).build();
    }
}
