package dev.argus.zoo.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every shipped bundle converted to ONNX gives, in ONNX Runtime, the outputs its own engine gives on the
 * same input — a sample photo (batch 1), a synthetic shapes image with a photo (batch 2) — within a
 * relative error of max|onnx − reference| / (max − min of the reference), per output. The bounds sit a
 * small factor above what was measured (printed by the test). The bundle's own decoder then finds the
 * same boxes in both, which checks that names and layouts are what the decoder expects.
 */
class OnnxParityTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> bundles() {
        return Stream.of(
                // measured worst (batch 1 and 2): centernet-fpn 5.5e-6, centernet-spp-fpn 3.9e-6 (/2: 2.0e-6), yolo-spp-fpn 4.8e-6,
                // yolo-spp-fpn/2 (multi-scale YOLO) 7.2e-7, detr-fpn-rope 1.0e-6 (/2, anchored: 7.6e-7; /3: 1.0e-6; /4: 1.1e-6), TF.js centernet 5.1e-6, nanodet 4.4e-6
                Arguments.of(TestBundles.trained("shapes-centernet-fpn"), 2e-5),
                Arguments.of(TestBundles.trained("shapes-centernet-fpn", "2"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-centernet-spp-fpn"), 2e-5),
                Arguments.of(TestBundles.trained("shapes-centernet-spp-fpn", "2"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-yolo-spp-fpn"), 2e-5),
                Arguments.of(TestBundles.trained("shapes-yolo-spp-fpn", "2"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-yolo-spp-fpn", "3"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-detr-fpn-rope"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-detr-fpn-rope", "2"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-detr-fpn-rope", "3"), 5e-6),
                Arguments.of(TestBundles.trained("shapes-detr-fpn-rope", "4"), 5e-6),
                Arguments.of(TestBundles.tfjs("centernet"), 2e-5),
                Arguments.of(TestBundles.tfjs("nanodet"), 2e-5));
    }

    @Test
    void everyShippedTrainedBundleIsCovered() throws Exception {
        List<String> covered = bundles().map(a -> ((Path) a.get()[0]).getParent().getFileName().toString()).toList();
        try (Stream<Path> shipped = Files.list(TestBundles.trainedDir())) {
            for (Path b : shipped.filter(Files::isDirectory).toList()) {
                assertTrue(covered.contains(b.getFileName().toString()), "no parity check for shipped bundle " + b);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void convertedModelMatchesTheSourceEngine(Path bundle, double bound) throws Exception {
        Path out = tmp.resolve("onnx");
        try (ConvertedBundle converted = BundleConverter.toOnnx(bundle, out);
             ModelBundle source = ModelBundle.open(bundle)) {
            BundleManifest m = source.manifest();
            assertEquals(m.name().equals("centernet") ? List.of("tower_0/detections (mixes the images of a batch)") : List.of(),
                    converted.leftOut());
            assertEquals(NetworkEngines.ONNX, converted.manifest().architecture());
            assertEquals(BundleConverter.ONNX_GRAPH, converted.manifest().graph());
            assertEquals(m.input(), converted.manifest().input());
            assertEquals(m.normalization(), converted.manifest().normalization());
            assertEquals(m.labels(), converted.manifest().labels());
            assertEquals(m.decoder().type(), converted.manifest().decoder().type());

            InputEncoder encoder = new InputEncoder(m.input(), m.normalization());
            List<List<BufferedImage>> batches = List.of(
                    List.of(TestBundles.photo("sample1")),
                    List.of(new ShapesGenerator(ShapesSpec.shapes()).generate(7, 0).image(), TestBundles.photo("sample3")));
            try (Network reference = NetworkEngines.forArchitecture(m.architecture()).load(source.file(m.graph()));
                 OrtRunner onnx = new OrtRunner(converted.file(BundleConverter.ONNX_GRAPH))) {
                assertEquals(reference.inputName(), onnx.inputName());
                long[] declared = onnx.inputShape();
                assertEquals(-1, declared[0], "the batch is open");
                if (m.architecture().equals(NetworkEngines.DL4J_GRAPH) && declared[2] == -1) {
                    // fully convolutional: another input size gives the same outputs too
                    INDArray other = Nd4j.rand(DataType.FLOAT, 1, 3, 96, 160);
                    Map<String, INDArray> expected = reference.run(other);
                    Map<String, INDArray> actual = onnx.run(other);
                    for (String name : actual.keySet()) {
                        double error = relativeError(expected.get(name), actual.get(name));
                        System.out.printf("parity %-26s 96x160   %-22s %.3e%n", m.name(), name, error);
                        assertTrue(error <= bound, m.name() + " output " + name + " at 96x160: " + error);
                    }
                }
                for (List<BufferedImage> images : batches) {
                    INDArray input = encoder.encode(images).input();
                    Map<String, INDArray> expected = reference.run(input);
                    Map<String, INDArray> actual = onnx.run(input);
                    assertDecoderKept(m, converted.manifest(), actual.keySet());
                    assertSameBoxes(OutputDecoders.forManifest(m).decode(expected),
                            OutputDecoders.forManifest(converted.manifest()).decode(actual), m.name());
                    for (String name : actual.keySet()) {
                        INDArray e = expected.get(name);
                        INDArray a = actual.get(name);
                        assertArrayEquals(e.shape(), a.shape(), name + " shape");
                        double error = relativeError(e, a);
                        System.out.printf("parity %-26s batch %d  %-22s %.3e%n", m.name(), images.size(), name, error);
                        assertTrue(error <= bound, m.name() + " output " + name + " batch " + images.size()
                                + ": relative error " + error + " > " + bound);
                    }
                }
            }
        }
    }

    /** The bundle's decoder finds the same boxes in both engines' outputs (coordinates within 0.01 px). */
    private static void assertSameBoxes(List<CandidateBoxes> expected, List<CandidateBoxes> actual, String bundle) {
        assertEquals(expected.size(), actual.size());
        int total = expected.stream().mapToInt(CandidateBoxes::size).sum();
        System.out.printf("parity %-26s batch %d  %d boxes decoded%n", bundle, expected.size(), total);
        assertTrue(total > 0, bundle + ": the decoder found no boxes to compare");
        for (int image = 0; image < expected.size(); image++) {
            CandidateBoxes e = expected.get(image);
            CandidateBoxes a = actual.get(image);
            assertEquals(e.size(), a.size(), bundle + " image " + image + ": number of boxes");
            for (int i = 0; i < e.size(); i++) {
                assertEquals(e.classId(i), a.classId(i), bundle + " box " + i + " class");
                assertEquals(e.score(i), a.score(i), 1e-4, bundle + " box " + i + " score");
                assertEquals(e.x1(i), a.x1(i), 0.01, bundle + " box " + i + " x1");
                assertEquals(e.y1(i), a.y1(i), 0.01, bundle + " box " + i + " y1");
                assertEquals(e.x2(i), a.x2(i), 0.01, bundle + " box " + i + " x2");
                assertEquals(e.y2(i), a.y2(i), 0.01, bundle + " box " + i + " y2");
            }
        }
    }

    /**
     * The converted decoder is the source's, except parameters naming an output the ONNX model left out
     * (only CenterNet TF.js's in-graph detections, which mix the images of a batch), and every output the
     * source has is there but those.
     */
    private static void assertDecoderKept(BundleManifest source, BundleManifest converted, java.util.Set<String> onnxOutputs) {
        java.util.Set<String> leftOut = new java.util.TreeSet<>();
        source.decoder().params().forEach((k, v) -> {
            if (converted.decoder().params().containsKey(k)) {
                assertEquals(v, converted.decoder().params().get(k), "decoder parameter " + k);
            } else {
                assertTrue(k.endsWith("_output") && !onnxOutputs.contains(v), "decoder parameter " + k + " dropped");
                leftOut.add(k);
            }
        });
        assertEquals(source.name().equals("centernet") ? java.util.Set.of("detections_output") : java.util.Set.of(), leftOut);
    }

    /** max|a − e| over the reference's range; a NaN anywhere fails. */
    static double relativeError(INDArray expected, INDArray actual) {
        double[] e = expected.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
                fail("NaN at element " + i + ": reference " + e[i] + ", ONNX " + a[i]);
            }
            min = Math.min(min, e[i]);
            max = Math.max(max, e[i]);
            diff = Math.max(diff, Math.abs(a[i] - e[i]));
        }
        double range = max - min;
        return diff / (range > 0 ? range : 1);
    }
}
