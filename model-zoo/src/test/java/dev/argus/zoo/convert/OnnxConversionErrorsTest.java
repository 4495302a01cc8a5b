package dev.argus.zoo.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.tfjs.TinyTfjsGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What cannot be converted is refused in one line naming the op or layer; a tiny TF.js graph converts exactly. */
class OnnxConversionErrorsTest {

    @TempDir
    Path dir;

    private Path tinyTfjs(String op) throws Exception {
        return TinyTfjsGraph.write(dir, op);
    }

    @Test
    void aTinyTfjsGraphConvertsAndRunsAnyBatch() throws Exception {
        ConvertedModel converted = TfjsToOnnx.convert(tinyTfjs("Relu"), "tiny");
        assertEquals(List.of(), converted.leftOut());
        Path model = dir.resolve("tiny.onnx");
        Files.write(model, converted.model().toByteArray());
        try (OrtRunner ort = new OrtRunner(model)) {
            assertEquals("x", ort.inputName());
            INDArray y = ort.run(Nd4j.createFromArray(new float[][]{{3, 5}, {-1, -2}})).get("y:0");
            // relu([3*2 + 1, 5*-1 - 1]) = [7, 0]; relu([-2 + 1, 2 - 1]) = [0, 1]
            assertEquals(Nd4j.createFromArray(new float[][]{{7, 0}, {0, 1}}), y);
        }
    }

    @Test
    void aTfjsOpWithoutTranslationNamesOpAndNode() throws Exception {
        OnnxConversionException e = assertThrows(OnnxConversionException.class,
                () -> TfjsToOnnx.convert(tinyTfjs("Softplus"), "tiny"));
        assertTrue(e.getMessage().contains("'Softplus'") && e.getMessage().contains("node 'y'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aSameDiffOpWithoutTranslationNamesOpAndVariable() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable y = sd.math().cos(x.mul(2));
        OnnxGraph onnx = new OnnxGraph("t");
        onnx.input("x", new long[]{-1, 3});
        OnnxConversionException e = assertThrows(OnnxConversionException.class, () -> SameDiffToOnnx.emit(onnx, sd, "",
                Map.of("x", "x"), Map.of("x", Nd4j.ones(DataType.FLOAT, 1, 3)), List.of(y.name()), op -> "node 'n7'"));
        assertEquals("SameDiff op 'cos' computing '" + y.name() + "' (from node 'n7'): no ONNX translation for this op",
                e.getMessage());
    }

    @Test
    void aDl4jLayerWithoutTranslationIsNamed() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("image").setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "image")
                .addLayer("gap", new GlobalPoolingLayer.Builder().build(), "conv")
                .addLayer("out", new OutputLayer.Builder().nOut(2).build(), "gap")
                .setOutputs("out").build());
        net.init();
        OnnxConversionException e = assertThrows(OnnxConversionException.class,
                () -> ComputationGraphToOnnx.convert(net, "t", new long[]{1, 3, 8, 8}));
        assertEquals("vertex 'gap': GlobalPoolingLayer layers cannot be converted to ONNX", e.getMessage());
    }
}
