package dev.argus.zoo.postprocess;

import java.util.Arrays;
import java.util.Map;

/**
 * One output's shape as the model declares it (-1 for an open dimension), for the decoders' checks at
 * open time: each failed check is one line naming decoder, output, shape and what was expected.
 */
record DeclaredShape(String decoder, String output, long[] shape) {

    static DeclaredShape of(Map<String, long[]> shapes, String decoder, String output) {
        long[] shape = shapes.get(output);
        if (shape == null) {
            throw new IllegalArgumentException("decoder '" + decoder + "' reads output '" + output
                    + "' but the model's outputs are " + shapes.keySet());
        }
        return new DeclaredShape(decoder, output, shape);
    }

    DeclaredShape rank(int rank, String layout) {
        if (shape.length != rank) {
            throw mismatch(layout);
        }
        return this;
    }

    /** Dimension {@code d} must be {@code expected} unless the model leaves it open. */
    DeclaredShape dim(int d, long expected, String layout, String why) {
        if (shape[d] >= 0 && shape[d] != expected) {
            throw new IllegalArgumentException("decoder '" + decoder + "': output '" + output + "' has shape "
                    + Arrays.toString(shape) + ", expected " + layout + " with dimension " + d + " = " + expected
                    + " (" + why + ")");
        }
        return this;
    }

    long get(int d) {
        return shape[d];
    }

    IllegalArgumentException mismatch(String layout) {
        return new IllegalArgumentException("decoder '" + decoder + "': output '" + output + "' has shape "
                + Arrays.toString(shape) + ", expected " + layout);
    }
}
