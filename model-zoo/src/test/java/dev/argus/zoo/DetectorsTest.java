package dev.argus.zoo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Detectors#open} says about bundles it cannot use, before any network runs. */
class DetectorsTest {

    @TempDir
    Path tmp;

    @Test
    void namesAnUnknownArchitecture() throws IOException {
        Path dir = bundle("caffe2", "centernet", "{}");
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().contains("unknown architecture 'caffe2' (known: tfjs-graph"), e.getMessage());
    }

    @Test
    void namesAnUnknownDecoder() throws IOException {
        Path dir = bundle("tfjs-graph", "yolo9000", "{}");
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().contains("tiny/1 (" + dir + "): unknown decoder type 'yolo9000'"), e.getMessage());
    }

    @Test
    void namesAGraphThatDoesNotLoad() throws IOException {
        Path dir = bundle("tfjs-graph", "centernet", "this is not a TF.js model");
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().startsWith("tiny/1 (" + dir + "): cannot load the network from 'model.json'"), e.getMessage());
    }

    @Test
    void namesAMissingBundleFile() throws IOException {
        Path dir = bundle("tfjs-graph", "centernet", "{}");
        Files.delete(dir.resolve("model.json"));
        BundleException e = assertThrows(BundleException.class, () -> Detectors.open(dir));
        assertTrue(e.getMessage().contains("listed file 'model.json' is missing"), e.getMessage());
    }

    private Path bundle(String architecture, String decoder, String graph) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("model.json"), graph);
        Path dir = tmp.resolve("bundle");
        BundleWriter.write(dir, new BundleManifest(1, "tiny", "1", architecture, "model.json",
                new InputSpec(32, 32, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.LETTERBOX, 0f), null,
                List.of("thing"), new DecoderSpec(decoder, Map.of()), Map.of()), Map.of("model.json", src.resolve("model.json"))).close();
        return dir;
    }
}
