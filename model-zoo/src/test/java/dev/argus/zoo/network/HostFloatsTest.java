package dev.argus.zoo.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostFloatsTest {

    @Test
    void copiesOutInRowMajorOrderWhateverTheArraysLayout() {
        INDArray c = Nd4j.arange(24).castTo(DataType.FLOAT).reshape('c', 2, 3, 4);
        float[] expected = c.data().asFloat(); // ND4J's own element-by-element copy
        assertArrayEquals(expected, HostFloats.copyOf(c));
        assertArrayEquals(expected, HostFloats.copyOf(c.dup('f')));
        assertArrayEquals(expected, HostFloats.copyOf(c.castTo(DataType.DOUBLE)));
        // a view: the second image of the batch only
        assertArrayEquals(c.slice(1).dup('c').data().asFloat(), HostFloats.copyOf(c.slice(1)));
        assertArrayEquals(new float[]{1, 5, 9}, HostFloats.copyOf(c.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1))));
    }

    @Test
    void copiesInFromTheBuffersPositionAndRefusesAWrongCount() {
        FloatBuffer values = FloatBuffer.wrap(new float[]{9, 0, 1, 2, 3, 4, 5});
        values.position(1);
        INDArray array = HostFloats.toArray(values, new long[]{2, 3});
        assertEquals(Nd4j.create(new float[]{0, 1, 2, 3, 4, 5}, new long[]{2, 3}, 'c'), array);
        assertThrows(IllegalArgumentException.class, () -> HostFloats.toArray(FloatBuffer.wrap(new float[5]), new long[]{2, 3}));
    }
}
