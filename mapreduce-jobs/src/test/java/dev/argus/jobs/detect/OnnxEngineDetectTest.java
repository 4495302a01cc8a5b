package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.onnx.TinyOnnxModel;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argus detect} on ONNX Runtime: a YOLOv8-layout ONNX bundle (one box at the centre of the
 * 64x64 input, whatever the image) through ingest and detect on the LocalJobRunner, the engine printed;
 * then the engine choices the command refuses.
 */
class OnnxEngineDetectTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void detectRunsAnOnnxBundleOnOnnxRuntime(@TempDir Path tmp) throws Exception {
        Configuration conf = LocalHadoopConf.in(tmp);
        Path set = tmp.resolve("set");
        assertEquals(0, argus(conf, "synth", "--out", set.toString(), "--count", "6", "--seed", "7",
                "--spec", "shapes", "--format", "png"));
        String root = tmp.resolve("root").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);
        writeBundle(tmp.resolve("bundle"), Path.of(layout.model("centre-box", "1").toUri()));
        assertEquals(0, argus(conf, "ingest", "--input", set.toString(), "--root", root, "--date", DAY.toString()));

        assertEquals(0, argus(conf, "detect", "--root", root, "--date", DAY.toString(), "--model", "centre-box",
                "--batch-size", "4", "--engine", "auto"), console.err.toString());
        assertTrue(console.err.toString().contains("argus detect: engine onnxruntime (asked for: ONNX model)"),
                console.err.toString());
        List<ImageDetections> detections = ShardReader.readPartition(layout,
                layout.detections("centre-box", "1", DAY), ImageDetections.class, conf);
        assertEquals(6, detections.size());
        for (ImageDetections d : detections) {
            assertEquals(1, d.getDetections().size(), d.toString());
            assertEquals("a", d.getDetections().get(0).getLabel().toString());
            assertEquals(0.9, d.getDetections().get(0).getScore(), 1e-6);
        }

        assertEquals(1, argus(conf, "detect", "--root", root, "--date", DAY.toString(), "--model", "centre-box",
                "--engine", "dl4j"));
        assertTrue(console.err.toString().contains("an onnx bundle runs on ONNX Runtime only; use engine onnxruntime or auto"),
                console.err.toString());
        assertEquals(2, argus(conf, "detect", "--root", root, "--date", DAY.toString(), "--model", "centre-box",
                "--engine", "tensorflow"));
        assertTrue(console.err.toString().contains("--engine must be auto, onnxruntime or dl4j, got 'tensorflow'"),
                console.err.toString());
        assertEquals(2, argus(conf, "detect", "-D", "argus.detect.engine=onnx", "--root", root, "--date", DAY.toString(),
                "--model", "centre-box"));
        assertTrue(console.err.toString().contains("got 'onnx'"), console.err.toString());
    }

    @Test
    void evaluatePrintsTheEngine() throws Exception {
        Configuration conf = new Configuration();
        assertEquals(0, argus(conf, "evaluate", "--model", "../model-zoo/bundles/shapes-yolo-spp-fpn/1",
                "--synthetic", "5", "--count", "2", "--engine", "dl4j"), console.err.toString());
        assertTrue(console.out.toString().contains("engine: dl4j (asked for)"), console.out.toString());
    }

    /** images [n, 3, 64, 64] → output0 [n, 7, 2]: one box (16, 16)-(48, 48) of class a at 0.9, one empty anchor. */
    private static void writeBundle(Path work, Path target) throws Exception {
        float[] anchors = {32, 0, 32, 0, 32, 0, 32, 0, 0.9f, 0, 0, 0, 0, 0}; // channels-first [7, 2]
        Path model = new TinyOnnxModel("images", -1, 3, 64, 64)
                .output("output0", new long[]{7, 2}, anchors, new float[anchors.length], -1, 7, 2)
                .writeTo(work.resolve("model.onnx"));
        BundleWriter.write(target, new BundleManifest(BundleManifest.FORMAT, "centre-box", "1", "onnx", "model.onnx",
                new InputSpec(64, 64, InputSpec.Layout.NCHW, "RGB", InputSpec.Resize.STRETCH, 114f, "images"),
                Normalization.UNIT_RANGE, List.of("a", "b", "c"), new DecoderSpec("yolov8", Map.of()), Map.of()),
                Map.of("model.onnx", model)).close();
    }

    private static int argus(Configuration conf, String... args) throws Exception {
        return Argus.run(new Configuration(conf), args, System.out, System.err);
    }
}
