package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.argus.zoo.Precision;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.OnnxForm;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link OnnxRuntimeNetwork} on its own: declared shapes, what it hands over, which inputs it takes. */
class OnnxRuntimeNetworkTest {

    /** output {@code heat} [n, 2, 3, 4] = channel index c + 10 * mean(image); {@code count} INT64 [n]. */
    private static byte[] model() {
        float[] base = new float[2 * 3 * 4];
        float[] delta = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            base[i] = i / 12; // channel-major: the channel index
            delta[i] = 10;
        }
        return new TinyOnnxModel("images", -1, 3, 8, 8)
                .output("heat", new long[]{2, 3, 4}, base, delta, -1, 2, 3, 4)
                .output("count", new long[]{}, new float[]{7}, new float[]{1}, Onnx.TensorProto.DataType.INT64, -1)
                .toBytes();
    }

    @Test
    void rank4OutputsAreHandedOverChannelsLast() throws IOException {
        try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(new OnnxForm(model(), true),
                new OnnxRuntimeOptions(2, 0, false), Precision.FP32)) {
            assertEquals(Engine.ONNXRUNTIME, network.engine());
            assertEquals("images", network.inputName());
            assertArrayEquals(new long[]{-1, 3, 8, 8}, network.inputShape());
            assertEquals(List.of("heat", "count"), network.outputNames());
            assertArrayEquals(new long[]{-1, 3, 4, 2}, network.outputShapes().get("heat"));
            assertArrayEquals(new long[]{-1}, network.outputShapes().get("count"));

            INDArray input = Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8);
            input.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(1);
            Map<String, INDArray> out = network.run(input);
            INDArray heat = out.get("heat");
            assertArrayEquals(new long[]{2, 3, 4, 2}, heat.shape());
            assertEquals(0f, heat.getFloat(0, 2, 3, 0), 1e-6);
            assertEquals(1f, heat.getFloat(0, 1, 1, 1), 1e-6);
            assertEquals(10f, heat.getFloat(1, 0, 0, 0), 1e-5);
            assertEquals(11f, heat.getFloat(1, 2, 3, 1), 1e-5);
            assertArrayEquals(new float[]{7, 8}, out.get("count").toFloatVector(), 1e-6f);
        }
    }

    @Test
    void channelsLastModelsAreLeftAlone() throws IOException {
        try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(new OnnxForm(model(), false),
                OnnxRuntimeOptions.DEFAULT, Precision.FP32)) {
            assertArrayEquals(new long[]{-1, 2, 3, 4}, network.outputShapes().get("heat"));
            INDArray heat = network.run(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8)).get("heat");
            assertArrayEquals(new long[]{1, 2, 3, 4}, heat.shape());
            assertEquals(1f, heat.getFloat(0, 1, 0, 0), 1e-6);
        }
    }

    @Test
    void onlyTheOutputsAskedForComeBack() throws IOException {
        try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(new OnnxForm(model(), true),
                OnnxRuntimeOptions.DEFAULT, Precision.FP32)) {
            Map<String, INDArray> out = network.run(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8), List.of("count"));
            assertEquals(List.of("count"), List.copyOf(out.keySet()));
        }
    }

    /** A view into a larger array, and a double array: both reach the model with their own values. */
    @Test
    void viewsAndOtherTypesAreFedTheirValues() throws IOException {
        try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(new OnnxForm(model(), true),
                OnnxRuntimeOptions.DEFAULT, Precision.FP32)) {
            INDArray big = Nd4j.zeros(DataType.FLOAT, 3, 3, 8, 8);
            big.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(0.5);
            INDArray lastTwo = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
            INDArray heat = network.run(lastTwo).get("heat");
            assertEquals(0f, heat.getFloat(0, 0, 0, 0), 1e-6);
            assertEquals(5f, heat.getFloat(1, 0, 0, 0), 1e-5);

            INDArray doubles = Nd4j.ones(DataType.DOUBLE, 1, 3, 8, 8);
            assertEquals(11f, network.run(doubles).get("heat").getFloat(0, 0, 0, 1), 1e-5);
        }
    }

    /**
     * A model that declares [n, 2, 3, 5] for an output it computes as [n, 2, 3, 4] still runs, and right:
     * ONNX Runtime reports the conflicting dimension as unknown, so that output is not pinned to the
     * declared shape (a pinned output of the wrong shape is an error, not a warning).
     */
    @Test
    void anOutputComputedInAnotherShapeThanDeclaredStillComesBack() throws IOException {
        float[] base = new float[2 * 3 * 4];
        for (int i = 0; i < base.length; i++) {
            base[i] = i;
        }
        byte[] model = new TinyOnnxModel("images", -1, 3, 8, 8)
                .output("heat", new long[]{2, 3, 4}, base, new float[base.length], -1, 2, 3, 5)
                .toBytes();
        try (OnnxRuntimeNetwork network = OnnxRuntimeNetwork.load(new OnnxForm(model, false),
                OnnxRuntimeOptions.DEFAULT, Precision.FP32)) {
            assertArrayEquals(new long[]{-1, 2, 3, -1}, network.outputShapes().get("heat"));
            for (int run = 0; run < 2; run++) {
                INDArray heat = network.run(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8)).get("heat");
                assertArrayEquals(new long[]{2, 2, 3, 4}, heat.shape());
                assertEquals(23f, heat.getFloat(1, 1, 2, 3), 1e-6);
            }
        }
    }
}
