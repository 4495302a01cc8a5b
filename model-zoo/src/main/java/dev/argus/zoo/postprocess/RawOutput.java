package dev.argus.zoo.postprocess;

import dev.argus.zoo.network.HostFloats;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One graph output copied into a plain row-major float array — decoders walk every element, and Java
 * loops over a float[] beat per-element INDArray access by orders of magnitude.
 */
record RawOutput(String name, long[] shape, float[] data) {

    /** Finds {@code name} among {@code outputs} (TF's ":0" suffix optional on either side) and copies it. */
    static RawOutput find(Map<String, INDArray> outputs, String name, String decoder) {
        INDArray array = outputs.get(name);
        if (array == null) {
            String bare = stripPort(name);
            for (Map.Entry<String, INDArray> e : outputs.entrySet()) {
                if (stripPort(e.getKey()).equals(bare)) {
                    array = e.getValue();
                    break;
                }
            }
        }
        if (array == null) {
            throw new IllegalArgumentException("decoder '" + decoder + "': the network has no output '" + name
                    + "' (it has " + outputs.keySet() + ")");
        }
        return of(name, array);
    }

    static RawOutput of(String name, INDArray array) {
        return new RawOutput(name, array.shape(), HostFloats.copyOf(array));
    }

    long dim(int i) {
        return shape[i];
    }

    int rank() {
        return shape.length;
    }

    /** A clear message for an output whose shape is not what the decoder reads. */
    IllegalArgumentException wrongShape(String decoder, String expected) {
        return new IllegalArgumentException("decoder '" + decoder + "': output '" + name + "' has shape "
                + Arrays.toString(shape) + ", expected " + expected);
    }

    private static String stripPort(String n) {
        return n.endsWith(":0") ? n.substring(0, n.length() - 2) : n;
    }
}
