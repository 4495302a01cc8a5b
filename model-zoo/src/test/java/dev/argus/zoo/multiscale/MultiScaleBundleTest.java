package dev.argus.zoo.multiscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detectors;
import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code multiscale} block of {@code bundle.json}, read through {@link ModelBundle}. */
class MultiScaleBundleTest {

    @TempDir
    Path tmp;

    @Test
    void aBundleCanAskForSlicingByDefault() throws IOException {
        Path dir = bundleWithBlock("{\"slice\": {\"size\": 512, \"overlap\": 0.2, \"full_image\": true}, "
                + "\"pyramid\": [1.0, 2.0], \"merge\": \"nmm-ios\", \"max_tiles\": 64, \"future_field\": 1}");

        try (ModelBundle bundle = ModelBundle.open(dir)) {
            MultiScaleSpec spec = MultiScaleOptions.fromBundle(bundle.manifest().multiscale());
            assertEquals(new MultiScaleSpec(List.of(1.0, 2.0), new Slice(512, 0.2, true), MergeMode.NMM_IOS, 0.5, 64), spec);
        }
    }

    @Test
    void withoutTheBlockTheDetectorRunsPlain() throws IOException {
        Path dir = bundleWithBlock(null);

        try (ModelBundle bundle = ModelBundle.open(dir)) {
            assertFalse(MultiScaleOptions.fromBundle(bundle.manifest().multiscale()).enabled());
        }
        assertFalse(Files.readString(dir.resolve("bundle.json")).contains("multiscale"),
                "bundles without the block are written as before");
    }

    @Test
    void aBadBlockIsRefusedAtOpenNamingTheBundle() throws IOException {
        Path dir = bundleWithBlock("{\"slice\": {\"size\": 512, \"overlap\": 1.5}}");

        try (ModelBundle bundle = ModelBundle.open(dir)) {
            BundleException e = assertThrows(BundleException.class,
                    () -> Detectors.open(bundle, Precision.FP32, MultiScaleOptions.NONE));
            assertTrue(e.getMessage().endsWith("multiscale: slice overlap must be in [0, 0.9), got 1.5"), e.getMessage());
            assertTrue(e.getMessage().contains("tiny"), e.getMessage());
        }
    }

    private Path bundleWithBlock(String block) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("model.json"), "{}");
        Path dir = tmp.resolve("bundle");
        BundleWriter.write(dir, new BundleManifest(1, "tiny", "1", "tfjs-graph", "model.json",
                new InputSpec(32, 32, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.LETTERBOX, 0f), null,
                List.of("thing"), new DecoderSpec("centernet", Map.of()), Map.of()),
                Map.of("model.json", src.resolve("model.json"))).close();
        if (block != null) {
            Path manifest = dir.resolve("bundle.json");
            String json = Files.readString(manifest).trim();
            Files.writeString(manifest, json.substring(0, json.length() - 1) + ", \"multiscale\": " + block + "}");
        }
        return dir;
    }
}
