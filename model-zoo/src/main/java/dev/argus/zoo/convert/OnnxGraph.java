package dev.argus.zoo.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * An ONNX model under construction: float inputs and outputs with open dimensions, initializers
 * (weights, constant shapes) and nodes added in execution order. Every value name is made unique here,
 * so the converters can name nodes after the layers they come from without checking for clashes.
 */
final class OnnxGraph {

    /** ONNX opset the converters emit (Resize, Softmax with an axis, Split with a sizes input). */
    static final int OPSET = 17;
    /** IR version 8 goes with opset 17 and loads in every ONNX Runtime since 1.11. */
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> used = new HashSet<>();
    private final Set<String> reserved = new HashSet<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float input; a negative dimension is left open (named {@code dimName + index}). */
    void input(String name, long[] dims) {
        claim(name);
        graph.addInput(valueInfo(name, dims));
    }

    /** For {@link #output}: a float output whose shape ONNX Runtime infers. */
    static final int UNKNOWN_RANK = -1;

    /** Marks {@code value} as a float graph output of rank {@code rank}, dimensions left open. */
    void output(String value, int rank) {
        long[] open = rank == UNKNOWN_RANK ? null : new long[rank];
        if (open != null) {
            java.util.Arrays.fill(open, -1);
        }
        graph.addOutput(valueInfo(value, open));
    }

    /** A float initializer holding {@code array} (any float type, stored as FP32, C order). */
    String weights(String name, INDArray array) {
        INDArray f = array.castTo(DataType.FLOAT).dup('c');
        float[] data = f.data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return initializer(name, f.shape(), TensorProto.DataType.FLOAT, bytes);
    }

    /** An initializer holding {@code array} in its own element type (float, int32, int64 or bool). */
    String tensor(String name, INDArray array) {
        if (array.dataType().isFPType()) {
            return weights(name, array);
        }
        INDArray c = array.dup('c');
        TensorProto.DataType type = elementType(array.dataType());
        long n = c.length();
        ByteBuffer bytes;
        switch (type) {
            case INT64 -> {
                bytes = ByteBuffer.allocate((int) (8 * n)).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asLongBuffer().put(c.data().asLong());
            }
            case INT32 -> {
                bytes = ByteBuffer.allocate((int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asIntBuffer().put(c.data().asInt());
            }
            default -> {
                bytes = ByteBuffer.allocate((int) n);
                for (int v : c.castTo(DataType.INT).data().asInt()) {
                    bytes.put((byte) (v != 0 ? 1 : 0));
                }
            }
        }
        return initializer(name, c.shape(), type, bytes);
    }

    /** The ONNX element type of an ND4J data type; float types are all stored as FP32. */
    static TensorProto.DataType elementType(DataType type) {
        if (type.isFPType()) {
            return TensorProto.DataType.FLOAT;
        }
        return switch (type) {
            case LONG -> TensorProto.DataType.INT64;
            case INT -> TensorProto.DataType.INT32;
            case BOOL -> TensorProto.DataType.BOOL;
            default -> throw new OnnxConversionException("no ONNX element type for ND4J " + type);
        };
    }

    /** A float initializer of the given shape. */
    String floats(String name, long[] shape, float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(name, shape, TensorProto.DataType.FLOAT, bytes);
    }

    /** A 1-D int64 initializer: shapes, axes, split sizes, slice bounds. */
    String longs(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(name, new long[]{values.length}, TensorProto.DataType.INT64, bytes);
    }

    /** An int64 scalar initializer. */
    String longScalar(String name, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(0, value);
        return initializer(name, new long[0], TensorProto.DataType.INT64, bytes);
    }

    private String initializer(String name, long[] shape, TensorProto.DataType type, ByteBuffer bytes) {
        String unique = unique(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        bytes.rewind();
        graph.addInitializer(t.setRawData(ByteString.copyFrom(bytes)).build());
        return unique;
    }

    /** Adds a node with one output, named after {@code name}; returns the output's name. */
    String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        return nodeWithOutputs(op, name, inputs, 1, attributes)[0];
    }

    /** Adds a node with {@code outputs} outputs; returns their names. */
    String[] nodeWithOutputs(String op, String name, List<String> inputs, int outputs, AttributeProto... attributes) {
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = unique(outputs == 1 ? name : name + ":" + i);
        }
        return emit(op, name, inputs, out, attributes);
    }

    /**
     * Keeps {@code name} free for {@link #nodeNamed}: graph outputs keep the source network's names, which
     * are often also the names of the layers whose intermediate values come earlier.
     */
    void reserve(String name) {
        claim(name);
        reserved.add(name);
    }

    /** Adds a node whose (single) output gets exactly {@code outputName}, reserved before. */
    String nodeNamed(String op, String outputName, List<String> inputs, AttributeProto... attributes) {
        if (!reserved.remove(outputName)) {
            throw new IllegalStateException("ONNX value name '" + outputName + "' was not reserved");
        }
        return emit(op, outputName, inputs, new String[]{outputName}, attributes)[0];
    }

    private String[] emit(String op, String name, List<String> inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(unique("node/" + name)).addAllInput(inputs);
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n.build());
        return outputs;
    }

    ModelProto model(String producer) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private ValueInfoProto valueInfo(String name, long[] dims) {
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber());
        if (dims == null) {
            return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dims[i] >= 0) {
                d.setDimValue(dims[i]);
            } else {
                d.setDimParam(i == 0 ? "batch" : name + "_d" + i);
            }
            shape.addDim(d);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(tensor.setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private void claim(String name) {
        if (!used.add(name)) {
            throw new IllegalStateException("ONNX value name '" + name + "' is used twice");
        }
    }

    private String unique(String name) {
        String candidate = name;
        for (int i = 1; !used.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }
}
