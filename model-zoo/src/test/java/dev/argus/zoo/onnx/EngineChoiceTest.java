package dev.argus.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.EngineChoice;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.network.ModelTranslators;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auto|onnxruntime|dl4j} on real bundles: an onnx bundle, and a shipped DL4J bundle (which has
 * no ONNX form until a translator for dl4j-graph is registered).
 */
class EngineChoiceTest {

    private static final Path DL4J_BUNDLE = Path.of("bundles/shapes-yolo-spp-fpn/1");

    @TempDir
    Path tmp;

    private Path onnxBundle() throws IOException {
        return OnnxBundles.write(tmp.resolve("onnx"), new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{7, 6}, new float[42], new float[42], -1, 7, 6), "yolov8", Map.of());
    }

    /** The same bundle with its manifest's {@code engine} rewritten to {@code engine}. */
    private Path onnxBundleWithManifestEngine(String engine) throws IOException {
        Path dir = onnxBundle();
        BundleManifest manifest;
        try (ModelBundle bundle = ModelBundle.open(dir)) {
            manifest = bundle.manifest();
        }
        BundleWriter.writeManifest(dir, manifest.withEngine(engine)).close();
        return dir;
    }

    @Test
    void autoRunsAnOnnxBundleOnOnnxRuntime() throws IOException {
        try (ModelBundle bundle = ModelBundle.open(onnxBundle());
             GraphDetector detector = Detectors.open(bundle, Precision.FP32, EngineOptions.of(Engine.AUTO))) {
            EngineChoice choice = detector.engine().orElseThrow();
            assertEquals(Engine.ONNXRUNTIME, choice.engine());
            assertEquals("onnxruntime (asked for: ONNX model)", choice.toString());
        }
    }

    @Test
    void dl4jCannotRunAnOnnxBundle() throws IOException {
        try (ModelBundle bundle = ModelBundle.open(onnxBundle())) {
            BundleException e = assertThrows(BundleException.class,
                    () -> Detectors.open(bundle, Precision.FP32, EngineOptions.of(Engine.DL4J)));
            assertTrue(e.getMessage().endsWith("an onnx bundle runs on ONNX Runtime only; use engine onnxruntime or auto"),
                    e.getMessage());
        }
    }

    @Test
    void theManifestDefaultAppliesUnlessTheCallerChooses() throws IOException {
        Path dir = onnxBundleWithManifestEngine("dl4j");
        try (ModelBundle bundle = ModelBundle.open(dir)) {
            assertEquals("dl4j", bundle.manifest().engine());
            BundleException e = assertThrows(BundleException.class, () -> Detectors.open(bundle, Precision.FP32));
            assertTrue(e.getMessage().contains("an onnx bundle runs on ONNX Runtime only"), e.getMessage());
            try (GraphDetector detector = Detectors.open(bundle, Precision.FP32, EngineOptions.of(Engine.ONNXRUNTIME))) {
                assertEquals("onnxruntime (asked for)", detector.engine().orElseThrow().toString());
            }
        }
    }

    @Test
    void aBadManifestEngineIsNamed() throws IOException {
        Path dir = onnxBundleWithManifestEngine("tensorflow");
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().endsWith("manifest 'engine': engine must be auto, onnxruntime or dl4j, got 'tensorflow'"),
                e.getMessage());
    }

    @Test
    void autoOnAShippedDl4jBundleTakesOnnxRuntimeOnlyWithATranslator() {
        assertTrue(Files.isRegularFile(DL4J_BUNDLE.resolve("bundle.json")),
                "the shipped bundle " + DL4J_BUNDLE + " is missing (run from model-zoo/)");
        String expected = ModelTranslators.forArchitecture("dl4j-graph").isPresent()
                ? "onnxruntime (auto: translated from dl4j-graph)" : "dl4j (auto: no ONNX form of dl4j-graph)";
        try (ModelBundle bundle = ModelBundle.open(DL4J_BUNDLE);
             GraphDetector detector = Detectors.open(bundle, Precision.FP32, EngineOptions.DEFAULT)) {
            assertEquals(expected, detector.engine().orElseThrow().toString());
        }
    }

    @Test
    void onnxRuntimeWithoutAnOnnxFormSaysHowToConvert() throws IOException {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("src")).resolve("model.bin"), "weights");
        Path dir = tmp.resolve("caffe");
        BundleWriter.write(dir, new BundleManifest(BundleManifest.FORMAT, "old", "1", "caffe2", "model.bin",
                new InputSpec(64, 64, InputSpec.Layout.NCHW, "RGB", null, 0f), null, OnnxBundles.LABELS,
                new DecoderSpec("yolov8", Map.of()), Map.of()), Map.of("model.bin", src)).close();
        try (ModelBundle bundle = ModelBundle.open(dir)) {
            BundleException e = assertThrows(BundleException.class,
                    () -> Detectors.open(bundle, Precision.FP32, EngineOptions.of(Engine.ONNXRUNTIME)));
            assertEquals("old/1 (" + dir + "): no ONNX form of this caffe2 bundle (no translator for it here); run"
                    + " argus convert --to onnx on the bundle and open the converted one", e.getMessage());
        }
    }

    @Test
    void gpuOptionsOnThisCpuBuildAreRefusedWithTheReason() throws IOException {
        try (ModelBundle bundle = ModelBundle.open(onnxBundle())) {
            BundleException cuda = assertThrows(BundleException.class, () -> Detectors.open(bundle, Precision.FP32,
                    new EngineOptions(Engine.ONNXRUNTIME, new OnnxRuntimeOptions(1, 1, false))));
            assertTrue(cuda.getMessage().contains("the CUDA execution provider is not in this ONNX Runtime build (it has"
                    + " [CPU]): build with -Pgpu (onnxruntime_gpu) and run on a GPU node"), cuda.getMessage());
            BundleException trt = assertThrows(BundleException.class, () -> Detectors.open(bundle, Precision.FP32,
                    new EngineOptions(Engine.ONNXRUNTIME, new OnnxRuntimeOptions(1, 1, true))));
            assertTrue(trt.getMessage().contains("the TENSOR_RT execution provider is not in this ONNX Runtime build"),
                    trt.getMessage());
            BundleException fp16 = assertThrows(BundleException.class, () -> Detectors.open(bundle, Precision.FP16,
                    EngineOptions.of(Engine.ONNXRUNTIME)));
            assertTrue(fp16.getMessage().contains("fp16 is refused on the CPU"), fp16.getMessage());
        }
    }

}
