package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.jobs.detect.model.ThreadBudget;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.onnx.TinyOnnxModel;
import dev.argus.zoo.preprocess.SplicedJpeg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code argus detect} on ONNX Runtime: a YOLOv8-layout ONNX bundle (one box at the centre of the
 * 64x64 input, whatever the image) through ingest and detect on the LocalJobRunner, the engine and the
 * task's thread split printed, a JPEG with corrupt scan data a decode error of the native decode; then
 * the engine choices the command refuses.
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
        // two JPEGs for the native decode: a sound one, and one with garbage inside its scan data that
        // ingest lets through with its decode check off
        BufferedImage picture = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpeg", jpeg);
        Files.write(set.resolve("sound.jpg"), jpeg.toByteArray());
        Files.write(set.resolve("spliced.jpg"), SplicedJpeg.gradient());
        assertEquals(0, argus(conf, "ingest", "-D", "argus.ingest.decode.check=false", "--input", set.toString(),
                "--root", root, "--date", DAY.toString()));

        assertEquals(0, argus(conf, "detect", "--root", root, "--date", DAY.toString(), "--model", "centre-box",
                "--batch-size", "4", "--decode-threads", "2", "--engine", "auto"), console.err.toString());
        assertTrue(console.err.toString().contains("argus detect: engine onnxruntime (asked for: ONNX model)"),
                console.err.toString());
        // local mode, one task at a time: the task's budget is this JVM's cores, split between both sides
        ThreadBudget split = ThreadBudget.split(Runtime.getRuntime().availableProcessors(), 2);
        assertEquals(2, split.decodeThreads());
        assertTrue(console.err.toString().contains("argus detect: thread budget " + split), console.err.toString());
        // the loader gives ND4J's pool and ONNX Runtime's intra-op pool the same number
        assertEquals(split.engineThreads(), Nd4j.getEnvironment().maxMasterThreads(), "ND4J holds to the engine's share");

        List<ImageError> errors = ShardReader.readPartition(layout,
                layout.errors(Stage.DECODE, DAY, ArgusLayout.detectJob("centre-box", "1")), ImageError.class, conf);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).getSourceUri().toString().endsWith("spliced.jpg"), errors.toString());
        assertTrue(errors.get(0).getMessage().toString().contains("corrupt JPEG data, libjpeg warns"), errors.toString());
        // with ingest's check off no record is marked checked, so every JPEG got the strict decode
        assertTrue(console.out.toString().matches("(?s).*checked at ingest +0\\R.*"), console.out.toString());
        List<ImageDetections> detections = ShardReader.readPartition(layout,
                layout.detections("centre-box", "1", DAY), ImageDetections.class, conf);
        assertEquals(7, detections.size());
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
