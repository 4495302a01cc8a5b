package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Precision;
import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The benchmark's conv net computes the same on both engines, so its timings compare like with like. */
class ConvNetParityTest {

    @Test
    void dl4jAndOnnxRuntimeAgree() throws IOException {
        ConvNetPair pair = new ConvNetPair(8, 7);
        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 96, 128);
        try (ComputationGraphNetwork dl4j = pair.dl4jNetwork();
             OnnxRuntimeNetwork ort = OnnxRuntimeNetwork.load(pair.onnx, OnnxRuntimeOptions.DEFAULT, Precision.FP32)) {
            INDArray expected = dl4j.run(input).get("head");
            INDArray actual = ort.run(input).get("head");
            assertArrayEquals(new long[]{2, 6, 8, 8}, actual.shape());
            assertArrayEquals(expected.shape(), actual.shape());
            double range = expected.maxNumber().doubleValue() - expected.minNumber().doubleValue();
            double worst = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Abs(
                    expected.sub(actual))).maxNumber().doubleValue();
            System.out.printf("conv net parity: worst |dl4j - ort| %.3g of a range %.3g%n", worst, range);
            assertTrue(range > 0.1, "the output should not be flat: range " + range);
            assertTrue(worst <= 2e-6 * range, "worst difference " + worst + " of a range " + range);
        }
    }
}
