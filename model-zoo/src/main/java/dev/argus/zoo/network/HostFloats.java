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
 * that is tens of milliseconds, measured as a sixth of the map task's time in {@code argus detect}.
 */
public final class HostFloats {

    private HostFloats() {
    }

    /** {@code array}'s elements in row-major order, as a new float[]. */
    public static float[] copyOf(INDArray array) {
        INDArray c = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        if (c.ordering() != 'c' || c.isView() || c.data().length() != c.length()) {
            c = c.dup('c');
        }
        float[] out = new float[Math.toIntExact(c.length())];
        nio(c).get(out);
        return out;
    }

    /** A new row-major float array of {@code shape} holding {@code values} (read from its position on). */
    public static INDArray toArray(FloatBuffer values, long[] shape) {
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (array.length() != values.remaining()) {
            throw new IllegalArgumentException(values.remaining() + " floats for shape of " + array.length());
        }
        nio(array).put(values);
        return array;
    }

    private static FloatBuffer nio(INDArray c) {
        return c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
