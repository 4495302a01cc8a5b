package dev.argus.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OrtSession;
import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code argus convert}: usage errors are one line and exit 2; a shipped bundle converts into an ONNX bundle ORT loads. */
class ConvertToolTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private int argus(String... args) throws Exception {
        return Argus.run(new Configuration(), args, System.out, System.err);
    }

    private void assertUsageError(String expected, String... args) throws Exception {
        console.err.reset();
        String[] full = new String[args.length + 1];
        full[0] = "convert";
        System.arraycopy(args, 0, full, 1, args.length);
        assertEquals(2, argus(full), String.join(" ", args));
        String err = console.err.toString().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("argus convert: " + expected), err);
    }

    @Test
    void usageErrorsAreOneLine() throws Exception {
        assertUsageError("--to is missing", "a", "b");
        assertUsageError("--to must be onnx, got 'tflite'", "--to", "tflite", "a", "b");
        assertUsageError("--to needs a format", "a", "b", "--to");
        assertUsageError("expected BUNDLE and OUT, got 1 operand(s)", "--to", "onnx", "a");
        assertUsageError("unknown option '--fp16'", "--to", "onnx", "--fp16", "a", "b");
    }

    @Test
    void aBadBundleIsOneLineAndExit1() throws Exception {
        assertEquals(1, argus("convert", "--to", "onnx", tmp.resolve("nothing").toString(), tmp.resolve("out").toString()));
        String err = console.err.toString().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("argus convert: bundle ") && err.contains("not found"), err);
    }

    @Test
    void convertsAShippedBundle() throws Exception {
        Path source = shipped("shapes-centernet-fpn");
        Path out = tmp.resolve("centernet-onnx");
        assertEquals(0, argus("convert", "--to", "onnx", source.toString(), out.toString()), console.err.toString());
        assertTrue(console.out.toString().contains("architecture onnx, graph model.onnx"), console.out.toString());
        try (ModelBundle converted = ModelBundle.open(out);
             OrtSession session = OnnxRuntimeNetwork.environment().createSession(converted.file("model.onnx").toString())) {
            assertEquals("onnx", converted.manifest().architecture());
            assertEquals(Set.of("model.onnx"), converted.manifest().files().keySet());
            assertEquals(Set.of("heatmap", "size", "offset"), session.getOutputNames());
            assertEquals(Set.of("image"), session.getInputNames());
        }
        // converting into a bundle that is already there would mix two models' files
        console.err.reset();
        assertEquals(1, argus("convert", "--to", "onnx", source.toString(), out.toString()));
        assertTrue(console.err.toString().contains("is not empty"), console.err.toString());
        assertFalse(Files.exists(out.resolve("model.zip")));
    }

    @Test
    void convertsATfjsBundleAndSaysWhatItLeftOut() throws Exception {
        Path source = repoPath("models/bundles/centernet/1", "run scripts/fetch-models.sh");
        Path out = tmp.resolve("centernet-onnx");
        assertEquals(0, argus("convert", "--to", "onnx", source.toString(), out.toString()), console.err.toString());
        assertTrue(console.out.toString().contains("left out output tower_0/detections (mixes the images of a batch)"),
                console.out.toString());
        try (ModelBundle converted = ModelBundle.open(out);
             OrtSession session = OnnxRuntimeNetwork.environment().createSession(converted.file("model.onnx").toString())) {
            assertEquals(Set.of("tower_0/wh", "tower_0/keypoints"), session.getOutputNames());
            assertFalse(converted.manifest().decoder().params().containsKey("detections_output"));
        }
    }

    private static Path repoPath(String relative, String hint) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        return fail(relative + " not found above " + Path.of("").toAbsolutePath() + "; " + hint);
    }

    private static Path shipped(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path bundle = p.resolve("model-zoo/bundles/" + name + "/1");
            if (Files.isDirectory(bundle)) {
                return bundle;
            }
        }
        return fail("shipped bundle " + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
