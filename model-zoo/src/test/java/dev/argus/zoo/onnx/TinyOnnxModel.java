package dev.argus.zoo.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx;

/**
 * Builds small ONNX models whose outputs are known tensors, in the layouts real exports have. Each
 * output is {@code base + mean(image) * delta}, broadcast over the batch: a black image gives
 * {@code base}, a white one {@code base + delta}, so a test sees that the image really reached the
 * model and that the batch kept its order. Built with the ONNX protobuf classes nd4j-api carries.
 */
public final class TinyOnnxModel {

    private final String inputName;
    private final long[] inputShape;
    private final List<Onnx.NodeProto> nodes = new ArrayList<>();
    private final List<Onnx.TensorProto> constants = new ArrayList<>();
    private final List<Onnx.ValueInfoProto> outputs = new ArrayList<>();
    private final List<Onnx.ValueInfoProto> extraInputs = new ArrayList<>();

    /** @param inputShape the declared input shape; -1 for the open batch dimension */
    public TinyOnnxModel(String inputName, long... inputShape) {
        this.inputName = inputName;
        this.inputShape = inputShape.clone();
        nodes.add(Onnx.NodeProto.newBuilder().setOpType("ReduceMean").addInput(inputName).addOutput("mean")
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("axes").setType(Onnx.AttributeProto.AttributeType.INTS)
                        .addInts(1).addInts(2).addInts(3))
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("keepdims").setType(Onnx.AttributeProto.AttributeType.INT)
                        .setI(1))
                .build());
    }

    /**
     * A float output of shape {@code [batch, dims...]}, declared as {@code declared} ({@code -1}: the
     * symbolic "batch").
     */
    public TinyOnnxModel output(String name, long[] dims, float[] base, float[] delta, long... declared) {
        return output(name, dims, base, delta, Onnx.TensorProto.DataType.FLOAT, declared);
    }

    /** As {@link #output}, cast to {@code type} at the end (class ids and counts come as INT64 from real exports). */
    public TinyOnnxModel output(String name, long[] dims, float[] base, float[] delta, Onnx.TensorProto.DataType type,
                                long... declared) {
        long size = 1;
        long[] withBatch = new long[dims.length + 1];
        withBatch[0] = 1;
        long[] ones = new long[dims.length + 1];
        ones[0] = -1;
        for (int i = 0; i < dims.length; i++) {
            size *= dims[i];
            withBatch[i + 1] = dims[i];
            ones[i + 1] = 1;
        }
        if (base.length != size || delta.length != size) {
            throw new IllegalArgumentException(name + ": " + size + " values expected");
        }
        constants.add(floats(name + "_base", withBatch, base));
        constants.add(floats(name + "_delta", withBatch, delta));
        constants.add(longs(name + "_ones", ones));
        nodes.add(node("Reshape", name + "_mean", "mean", name + "_ones"));
        nodes.add(node("Mul", name + "_shift", name + "_mean", name + "_delta"));
        String sum = type == Onnx.TensorProto.DataType.FLOAT ? name : name + "_float";
        nodes.add(node("Add", sum, name + "_shift", name + "_base"));
        if (type != Onnx.TensorProto.DataType.FLOAT) {
            nodes.add(Onnx.NodeProto.newBuilder().setOpType("Cast").addInput(sum).addOutput(name)
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("to").setType(Onnx.AttributeProto.AttributeType.INT)
                            .setI(type.getNumber()))
                    .build());
        }
        outputs.add(valueInfo(name, type, declared));
        return this;
    }

    /** A second, unused float input (as RT-DETR's own export has {@code orig_target_sizes}). */
    public TinyOnnxModel extraInput(String name, long... shape) {
        extraInputs.add(valueInfo(name, Onnx.TensorProto.DataType.FLOAT, shape));
        return this;
    }

    public byte[] toBytes() {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("tiny")
                .addInput(valueInfo(inputName, Onnx.TensorProto.DataType.FLOAT, inputShape)).addAllInput(extraInputs)
                .addAllNode(nodes).addAllInitializer(constants).addAllOutput(outputs);
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("argus-tests")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build().toByteArray();
    }

    public Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, toBytes());
    }

    private static Onnx.NodeProto node(String op, String output, String... inputs) {
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String in : inputs) {
            b.addInput(in);
        }
        return b.build();
    }

    private static Onnx.TensorProto floats(String name, long[] dims, float[] values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static Onnx.TensorProto longs(String name, long[] values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Onnx.TensorProto.DataType type, long[] shape) {
        Onnx.TensorShapeProto.Builder dims = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            dims.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims))).build();
    }
}
