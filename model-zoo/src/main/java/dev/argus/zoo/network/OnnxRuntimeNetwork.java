package dev.argus.zoo.network;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.argus.zoo.Precision;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.IntBuffer;
import java.nio.DoubleBuffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX model on ONNX Runtime, as a {@link Network}. One environment per JVM; one session per
 * network, set up by {@link OnnxRuntimeOptions}. The input batch is handed to ONNX Runtime as a view
 * of ND4J's off-heap buffer, not copied, and outputs of a fixed shape (but for the batch) are written by
 * ONNX Runtime straight into new ND4J buffers. Only the outputs asked for are computed. Rank-4 outputs are
 * handed over channels-last when the form says the model computes them channels-first ({@link OnnxForm}).
 *
 * <p>The model must take one float image tensor; every output must be a tensor. Anything else is
 * refused at load, naming the input or output.
 */
public final class OnnxRuntimeNetwork implements Network {

    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    /** As handed over: rank-4 channels-first outputs listed with their channels-last shape. */
    private final Map<String, long[]> outputShapes;
    /** The float outputs whose shape is fixed but for the batch: ONNX Runtime can write those into ND4J's memory. */
    private final Map<String, long[]> pinnable = new LinkedHashMap<>();
    private final boolean channelsFirstOutputs;
    private final OnnxRuntimeOptions.Placement placement;

    private OnnxRuntimeNetwork(OrtSession session, boolean channelsFirstOutputs, OnnxRuntimeOptions.Placement placement)
            throws OrtException {
        this.session = session;
        this.channelsFirstOutputs = channelsFirstOutputs;
        this.placement = placement;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the model has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; Argus feeds one image tensor");
        }
        NodeInfo input = inputs.values().iterator().next();
        if (!(input.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException("the model's input '" + input.getName() + "' is " + input.getInfo()
                    + "; Argus feeds a float32 tensor");
        }
        this.inputName = input.getName();
        this.inputShape = info.getShape();
        this.outputShapes = new LinkedHashMap<>();
        for (NodeInfo output : session.getOutputInfo().values()) {
            if (!(output.getInfo() instanceof TensorInfo out)) {
                throw new IllegalArgumentException("the model's output '" + output.getName() + "' is "
                        + output.getInfo() + ", not a tensor");
            }
            outputShapes.put(output.getName(), handedOver(out.getShape()));
            long[] shape = out.getShape();
            if (out.type == OnnxJavaType.FLOAT && shape.length > 0
                    && Arrays.stream(shape, 1, shape.length).allMatch(d -> d > 0)) {
                pinnable.put(output.getName(), shape);
            }
        }
    }

    /**
     * Loads {@code model.onnx} of an {@code onnx} bundle on the CPU with the default options, outputs
     * handed over as the model gives them.
     */
    public static OnnxRuntimeNetwork load(Path modelFile) throws IOException {
        return load(new OnnxForm(Files.readAllBytes(modelFile), false), OnnxRuntimeOptions.DEFAULT, Precision.FP32);
    }

    /**
     * A session for {@code form}.
     *
     * @throws IllegalArgumentException when {@code options} cannot run here, or the model is not one
     *                                  image tensor in and tensors out; the message says why
     */
    public static OnnxRuntimeNetwork load(OnnxForm form, OnnxRuntimeOptions options, Precision precision)
            throws IOException {
        OrtEnvironment env = environment();
        OnnxRuntimeOptions.Placement placement = options.place(precision, OrtEnvironment.getAvailableProviders(),
                System.getenv("CUDA_VISIBLE_DEVICES"));
        try (OrtSession.SessionOptions sessionOptions = options.sessionOptions(placement)) {
            OrtSession session = env.createSession(form.model(), sessionOptions);
            try {
                return new OnnxRuntimeNetwork(session, form.channelsFirstOutputs(), placement);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static volatile OrtEnvironment environment;

    /**
     * The one environment of this JVM (ONNX Runtime allows one; its thread pools are per session here).
     *
     * <p>Everything in Argus that opens an ONNX Runtime session takes its environment from here.
     *
     * <p>Created on a thread of its own with a large stack: ONNX Runtime 1.29's environment setup recurses
     * deeply when the JVM's command line is long (an explicit {@code -cp} of about 4 KB, as IDEs pass),
     * overflows the default 1 MB Java thread stack, and the JVM dies with SIGSEGV and no error report.
     */
    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OnnxRuntimeNetwork.class) {
                env = environment;
                if (env == null) {
                    OrtEnvironment[] created = new OrtEnvironment[1];
                    RuntimeException[] failed = new RuntimeException[1];
                    Thread init = new Thread(null, () -> {
                        try {
                            created[0] = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "argus");
                        } catch (RuntimeException e) {
                            failed[0] = e;
                        }
                    }, "onnxruntime-init", 64L << 20);
                    init.start();
                    try {
                        init.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while starting ONNX Runtime", e);
                    }
                    if (failed[0] != null) {
                        throw failed[0];
                    }
                    env = environment = created[0];
                }
            }
        }
        return env;
    }

    @Override
    public String inputName() {
        return inputName;
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public List<String> outputNames() {
        return List.copyOf(outputShapes.keySet());
    }

    @Override
    public Map<String, long[]> outputShapes() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        outputShapes.forEach((name, shape) -> copy.put(name, shape.clone()));
        return copy;
    }

    @Override
    public Engine engine() {
        return Engine.ONNXRUNTIME;
    }

    /** Where the session runs: CPU, CUDA or TensorRT, and whether in FP16. */
    public OnnxRuntimeOptions.Placement placement() {
        return placement;
    }

    @Override
    public Map<String, INDArray> run(INDArray input) {
        return run(input, List.of());
    }

    @Override
    public Map<String, INDArray> run(INDArray input, Collection<String> outputs) {
        INDArray x = HostFloats.dense(input);
        // a direct buffer: ONNX Runtime reads ND4J's memory in place
        FloatBuffer view = HostFloats.view(x);
        List<String> wanted = outputs.isEmpty() ? outputNames() : new ArrayList<>(outputs);
        // outputs of a known shape are written by ONNX Runtime straight into ND4J buffers (a CenterNet
        // heatmap is 5 MB per image: no copy onto the Java heap and back); the others it allocates
        Map<String, INDArray> pinned = new LinkedHashMap<>();
        Map<String, OnnxTensor> pinnedTensors = new LinkedHashMap<>();
        Set<String> allocated = new LinkedHashSet<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment(), view, x.shape())) {
            for (String name : wanted) {
                long[] shape = pinnable.get(name);
                if (shape == null) {
                    allocated.add(name);
                    continue;
                }
                shape = shape.clone();
                shape[0] = x.size(0);
                INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
                pinned.put(name, out);
                pinnedTensors.put(name, OnnxTensor.createTensor(environment(), HostFloats.view(out), shape));
            }
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor), allocated, pinnedTensors)) {
                Map<String, INDArray> byName = new LinkedHashMap<>();
                for (String name : wanted) {
                    INDArray array = pinned.get(name);
                    if (array == null) {
                        OnnxValue value = result.get(name).orElseThrow(() ->
                                new IllegalStateException("ONNX Runtime returned no output '" + name + "'"));
                        array = toNd4j(name, (OnnxTensor) value);
                    }
                    byName.put(name, handedOver(array));
                }
                return byName;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        } finally {
            pinnedTensors.values().forEach(OnnxTensor::close);
            Reference.reachabilityFence(x); // the native buffers must outlive the run
            Reference.reachabilityFence(pinned);
        }
    }

    private INDArray toNd4j(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        FloatBuffer values = floats(name, tensor, info.type);
        return values.remaining() == 0 ? Nd4j.create(DataType.FLOAT, shape, 'c')
                : shape.length == 0 ? Nd4j.scalar(values.get(0)) : HostFloats.toArray(values, shape);
    }

    /** Channels-last when the form says the model computes rank-4 outputs channels-first. */
    private INDArray handedOver(INDArray array) {
        return channelsFirstOutputs && array.rank() == 4 ? array.permute(0, 2, 3, 1).dup('c') : array;
    }

    /** Every numeric output as floats: the decoders read class ids and counts as floats too. */
    private static FloatBuffer floats(String name, OnnxTensor tensor, OnnxJavaType type) {
        switch (type) {
            case FLOAT, FLOAT16, BFLOAT16 -> {
                return tensor.getFloatBuffer(); // already a fresh copy of the output
            }
            case DOUBLE -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.get(i);
                }
                return FloatBuffer.wrap(out);
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
                return FloatBuffer.wrap(out);
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
                return FloatBuffer.wrap(out);
            }
            case INT8, UINT8, BOOL -> {
                ByteBuffer b = tensor.getByteBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = type == OnnxJavaType.INT8 ? b.get(i) : b.get(i) & 0xFF;
                }
                return FloatBuffer.wrap(out);
            }
            default -> throw new IllegalStateException("output '" + name + "' is " + type + ", which no decoder reads");
        }
    }

    private long[] handedOver(long[] shape) {
        return channelsFirstOutputs && shape.length == 4 ? new long[]{shape[0], shape[2], shape[3], shape[1]} : shape;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ONNX Runtime on " + placement.provider() + ", input " + inputName + " " + Arrays.toString(inputShape);
    }
}
