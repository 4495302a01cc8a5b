package dev.argus.zoo.network;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Floats between the Java heap and ND4J's native buffers in one bulk copy. ND4J 1.0.0-M2.1 copies a
 * {@code float[]} in ({@code Nd4j.create(float[], ...)}) and out ({@code data().asFloat()}) one element at
 * a time, each through a bounds-checked indexer: for a detector's heatmap (millions of floats per batch)
 * that is tens of milliseconds, and it was the map thread's hottest Java frame in a flight recording of
 * {@code argus detect}. Also the one rule for which ND4J arrays native code may read in place.
 */
public final class HostFloats {

    private HostFloats() {
    }

    /** {@code array}'s elements in row-major order, as a new float[]. */
    public static float[] copyOf(INDArray array) {
        INDArray c = dense(array);
        float[] out = new float[Math.toIntExact(c.length())];
        view(c).get(out);
        return out;
    }

    /**
     * {@code array} itself when it is float32, row-major and its buffer holds exactly its elements;
     * otherwise such a copy of it.
     */
    public static INDArray dense(INDArray array) {
        INDArray c = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        return c.ordering() != 'c' || c.isView() || c.data().length() != c.length() ? c.dup('c') : c;
    }

    /**
     * The memory of a {@link #dense} array as a direct buffer (no copy): what native code such as ONNX
     * Runtime reads or writes in place. The array must stay reachable while the buffer is in use.
     */
    public static FloatBuffer view(INDArray dense) {
        return dense.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A new row-major float array of {@code shape} holding {@code values} (read from its position on). */
    public static INDArray toArray(FloatBuffer values, long[] shape) {
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (array.length() != values.remaining()) {
            throw new IllegalArgumentException(values.remaining() + " floats for shape of " + array.length());
        }
        view(array).put(values);
        return array;
    }
}
