package dev.argus.zoo.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A converted model in an ONNX Runtime session, straight from the ORT API: loading it is the validity
 * check (ORT parses, type-checks and shape-infers the whole graph when the session is created).
 */
final class OrtRunner implements AutoCloseable {

    private final OrtEnvironment env = OnnxRuntimeNetwork.environment(); // the engine's start-up (long command lines)
    private final OrtSession session;

    OrtRunner(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(model.toString(), options);
    }

    String inputName() {
        return session.getInputNames().iterator().next();
    }

    /** The input shape the model declares; -1 where a dimension is open. */
    long[] inputShape() throws OrtException {
        return ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(inputName()).getInfo()).getShape();
    }

    List<String> outputNames() {
        return List.copyOf(session.getOutputNames());
    }

    Map<String, INDArray> run(INDArray input) throws OrtException {
        float[] data = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), input.shape());
             OrtSession.Result result = session.run(Map.of(inputName(), x))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                long[] shape = t.getInfo().getShape();
                out.put(e.getKey(), toArray(t, shape));
            }
        }
        return out;
    }

    private static INDArray toArray(OnnxTensor t, long[] shape) {
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] f = new float[b.remaining()];
                b.get(f);
                yield Nd4j.create(f, shape, 'c');
            }
            case INT32 -> {
                java.nio.IntBuffer b = t.getIntBuffer();
                int[] v = new int[b.remaining()];
                b.get(v);
                yield Nd4j.createFromArray(v).castTo(DataType.FLOAT).reshape(shape);
            }
            case INT64 -> {
                java.nio.LongBuffer b = t.getLongBuffer();
                long[] v = new long[b.remaining()];
                b.get(v);
                yield Nd4j.createFromArray(v).castTo(DataType.FLOAT).reshape(shape);
            }
            default -> throw new IllegalStateException("output of type " + t.getInfo().type);
        };
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
