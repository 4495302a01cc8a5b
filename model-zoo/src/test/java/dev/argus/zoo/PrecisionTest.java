package dev.argus.zoo;

import dev.argus.zoo.network.Network;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void theCpuBackendThisJvmLoadedRefusesFp16WithAReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                Precision.FP16::requireSupportedHere);
        assertTrue(e.getMessage().contains("fp16 inference needs the CUDA backend"), e.getMessage());
        assertTrue(e.getMessage().contains("CpuBackend"), e.getMessage());
        assertTrue(e.getMessage().contains("Use fp32 on CPU"), e.getMessage());
    }

    @Test
    void fp32RunsEverywhere() {
        assertDoesNotThrow(Precision.FP32::requireSupportedHere);
        assertDoesNotThrow(() -> Precision.FP32.requireSupportedBy("CudaBackend"));
    }

    @Test
    void fp16IsAllowedOnTheCudaBackend() {
        assertDoesNotThrow(() -> Precision.FP16.requireSupportedBy("CudaBackend"));
    }

    @Test
    void theFp16FormOfANetworkComputesWhatFp32Does() {
        // The guard lives in Detectors.open; the conversion itself runs on CPU too (slowly), which is
        // enough to check it on a tiny graph here. The GPU comparison on real models is not part of CI.
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(7)
                .graphBuilder().addInputs("in")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(8, 8, 3))
                .addLayer("conv", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4)
                        .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same)
                        .activation(org.nd4j.linalg.activations.Activation.SIGMOID).build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder()
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "conv")
                .setOutputs("out").build();
        var graph = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        graph.init();
        Network fp32 = new dev.argus.zoo.network.ComputationGraphNetwork(graph);
        Network fp16 = fp32.inPrecision(Precision.FP16);
        var input = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 8, 8);
        var a = fp32.run(input).get("out");
        var b = fp16.run(input).get("out");
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, b.dataType(), "decoders always get FP32");
        assertTrue(a.sub(b).amaxNumber().doubleValue() < 5e-3, "fp16 within half precision of fp32");
        assertTrue(fp32.inPrecision(Precision.FP32) == fp32);
    }

    @Test
    void parsesWhatUsersTypeAndNamesWhatItCannot() {
        assertEquals(Precision.FP16, Precision.parse(" fp16 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("int8"));
        assertEquals("precision must be fp32 or fp16, got 'int8'", e.getMessage());
    }
}
