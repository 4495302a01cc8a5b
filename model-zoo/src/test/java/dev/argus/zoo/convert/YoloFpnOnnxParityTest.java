package dev.argus.zoo.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.train.Augmentation;
import dev.argus.zoo.train.TrainedBundle;
import dev.argus.zoo.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multi-scale YOLO head's graph (three 1x1 convs merged per level, a linear {@code CnnLossLayer} on
 * top, two outputs) translates to ONNX: ONNX Runtime gives the DL4J outputs of a freshly initialised
 * network within float error on both levels, and the {@code yolo-fpn} decoder finds the same boxes in
 * both. (A trained bundle of this head is checked by {@code OnnxParityTest} once one ships.)
 */
class YoloFpnOnnxParityTest {

    @TempDir
    Path tmp;

    @Test
    void bothLevelsMatchDl4jAndDecodeToTheSameBoxes() throws Exception {
        TrainingConfig config = new TrainingConfig("fresh-yolo", DetectorArchitecture.Head.YOLO, true, true, 128, 4,
                TrainingConfig.SYNTHETIC_PREFIX + "1", 4, 1, 1e-3, 0, 0.05, Augmentation.NONE, 7, 1, 1, 0.001, null, null);
        List<String> labels = List.of("circle", "square", "triangle", "cross");
        ComputationGraph net = config.architecture(labels.size()).newNetwork(config.seed(), config.learningRate());
        Path bundle = tmp.resolve("bundle");
        TrainedBundle.write(bundle, net, config, labels, Map.of()).close();
        try (ConvertedBundle converted = BundleConverter.toOnnx(bundle, tmp.resolve("onnx"));
             ModelBundle source = ModelBundle.open(bundle)) {
            BundleManifest m = source.manifest();
            assertEquals(List.of(), converted.leftOut());
            assertEquals(m.decoder(), converted.manifest().decoder());
            List<BufferedImage> images = new ArrayList<>();
            ShapesGenerator shapes = new ShapesGenerator(ShapesSpec.shapes());
            images.add(shapes.generate(7, 0).image());
            images.add(shapes.generate(7, 1).image());
            INDArray input = new InputEncoder(m.input(), m.normalization()).encode(images).input();
            try (Network reference = NetworkEngines.forArchitecture(m.architecture()).load(source.file(m.graph()));
                 OrtRunner onnx = new OrtRunner(converted.file(BundleConverter.ONNX_GRAPH))) {
                Map<String, INDArray> expected = reference.run(input);
                Map<String, INDArray> actual = onnx.run(input);
                assertEquals(expected.keySet(), actual.keySet());
                assertEquals(2, actual.size(), "one output per level");
                for (String name : actual.keySet()) {
                    assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
                    double error = OnnxParityTest.relativeError(expected.get(name), actual.get(name));
                    System.out.printf("parity fresh yolo-fpn %-10s %.3e%n", name, error);
                    assertTrue(error <= 2e-6, name + ": relative error " + error); // measured 2.1e-7 and 1.4e-7
                }
                List<CandidateBoxes> e = OutputDecoders.forManifest(m).decode(expected);
                List<CandidateBoxes> a = OutputDecoders.forManifest(converted.manifest()).decode(actual);
                for (int i = 0; i < e.size(); i++) {
                    assertTrue(e.get(i).size() > 0, "a 0.001 threshold leaves boxes on an untrained head");
                    assertEquals(e.get(i).size(), a.get(i).size(), "image " + i + " boxes");
                    for (int k = 0; k < e.get(i).size(); k++) {
                        assertEquals(e.get(i).classId(k), a.get(i).classId(k));
                        assertEquals(e.get(i).x1(k), a.get(i).x1(k), 0.01);
                        assertEquals(e.get(i).y2(k), a.get(i).y2(k), 0.01);
                    }
                }
            }
        }
    }
}
