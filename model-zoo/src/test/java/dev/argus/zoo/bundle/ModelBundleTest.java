package dev.argus.zoo.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    /** The manifest exactly as the bundle contract in model-zoo/README.md spells it. */
    private static final String CONTRACT_MANIFEST = """
            {
              "format": 1,
              "name": "centernet",
              "version": "1",
              "architecture": "tfjs-graph",
              "graph": "model.json",
              "input": {"width": 512, "height": 512, "layout": "NHWC", "color": "RGB",
                        "resize": "letterbox", "pad_value": 0.0},
              "normalization": {"scale": 0.00392156862745098, "mean": [0, 0, 0], "std": [1, 1, 1]},
              "labels": ["person", "bicycle", "car"],
              "decoder": {"type": "centernet", "params": {"score_threshold": 0.2, "top_k": 100, "nms_iou": 0.5}},
              "files": {"model.json": "%s", "model.bin": "%s"}
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void opensADirectoryWrittenByHandToTheContract() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("centernet/1"));
        Files.writeString(dir.resolve("model.json"), "{\"graph\": true}");
        Files.write(dir.resolve("model.bin"), new byte[]{1, 2, 3});
        Files.writeString(dir.resolve("bundle.json"), CONTRACT_MANIFEST.formatted(
                ModelBundle.sha256(dir.resolve("model.json")), ModelBundle.sha256(dir.resolve("model.bin"))));

        try (ModelBundle bundle = ModelBundle.open(dir)) {
            BundleManifest m = bundle.manifest();
            assertEquals("centernet", m.name());
            assertEquals("tfjs-graph", m.architecture());
            assertEquals(new InputSpec(512, 512, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.LETTERBOX, 0f), m.input());
            assertEquals(1f / 255f, m.normalization().scale(), 1e-9);
            assertEquals(List.of("person", "bicycle", "car"), m.labels());
            assertEquals("centernet", m.decoder().type());
            assertEquals(0.2, m.decoder().doubleParam("score_threshold", 0), 1e-9);
            assertEquals(100, m.decoder().intParam("top_k", 0));
            assertEquals(dir.resolve("model.json"), bundle.file(m.graph()));
        }
        assertTrue(Files.exists(dir.resolve("model.bin")), "closing a directory bundle leaves it alone");
    }

    @Test
    void writerOutputOpensAsDirectoryAndAsZip() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        Path zip = tmp.resolve("b.zip");
        BundleWriter.zip(dir, zip);

        Path unpacked;
        try (ModelBundle bundle = ModelBundle.open(zip)) {
            unpacked = bundle.directory();
            assertEquals(sampleManifest().withFiles(bundle.manifest().files()), bundle.manifest());
            assertEquals(Map.of("model.json", 15L, "weights/model.bin", 3L),
                    Map.of("model.json", Files.size(bundle.file("model.json")),
                            "weights/model.bin", Files.size(bundle.file("weights/model.bin"))));
            assertFalse(unpacked.startsWith(dir));
        }
        assertFalse(Files.exists(unpacked), "closing a zip bundle removes what it unpacked");
    }

    @Test
    void refusesAFileWhoseChecksumDiffers() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        Files.write(dir.resolve("weights/model.bin"), new byte[]{1, 2, 4});

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("checksum mismatch for 'weights/model.bin'"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void refusesAMissingFile() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        Files.delete(dir.resolve("weights/model.bin"));

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("listed file 'weights/model.bin' is missing"), e.getMessage());
    }

    @Test
    void refusesAMissingManifest() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        Files.delete(dir.resolve("bundle.json"));

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("bundle.json is missing"), e.getMessage());
    }

    @Test
    void refusesAnUnlistedFile() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        Files.writeString(dir.resolve("extra.bin"), "smuggled");

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("'extra.bin' is not listed"), e.getMessage());
    }

    @Test
    void refusesAZipEntryThatEscapesTheBundle() throws IOException {
        Path zip = tmp.resolve("evil.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("bundle.json"));
            z.write("{}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("../../escaped.txt"));
            z.write("pwned".getBytes(StandardCharsets.UTF_8));
        }

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(zip));
        assertTrue(e.getMessage().contains("zip entry '../../escaped.txt' escapes the bundle directory"), e.getMessage());
        // the zip is unpacked into a fresh directory under java.io.tmpdir; two levels up is its parent
        Path unpackRoot = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        assertFalse(Files.exists(unpackRoot.getParent().resolve("escaped.txt")));
    }

    @Test
    void refusesAManifestListingAFileOutsideTheBundle() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        String json = Files.readString(dir.resolve("bundle.json")).replace("\"model.json\" : \"", "\"../model.json\" : \"");
        Files.writeString(dir.resolve("bundle.json"), json.replace("\"graph\" : \"model.json\"", "\"graph\" : \"../model.json\""));

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("'../model.json' escapes the bundle directory"), e.getMessage());
    }

    @Test
    void namesTheProblemInAMalformedManifest() throws IOException {
        Path dir = writeBundle(tmp.resolve("b"));
        String json = Files.readString(dir.resolve("bundle.json"));
        Files.writeString(dir.resolve("bundle.json"), json.replace("\"NCHW\"", "\"HWCN\""));

        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
        assertTrue(e.getMessage().contains("bundle.json is not a valid manifest"), e.getMessage());
        assertTrue(e.getMessage().contains("HWCN"), e.getMessage());
    }

    @Test
    void refusesAManifestWithoutLabels() throws IOException {
        Path dir = tmp.resolve("b");
        BundleManifest noLabels = new BundleManifest(1, "m", "1", "tfjs-graph", "model.json",
                sampleManifest().input(), null, List.of(), sampleManifest().decoder(), Map.of());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), "{}");

        BundleException e = assertThrows(BundleException.class, () -> BundleWriter.writeManifest(dir, noLabels));
        assertTrue(e.getMessage().contains("'labels' is missing or empty"), e.getMessage());
    }

    @Test
    void refusesANonBundlePath() {
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    static BundleManifest sampleManifest() {
        return new BundleManifest(1, "tiny", "3", "tfjs-graph", "model.json",
                new InputSpec(64, 32, InputSpec.Layout.NCHW, "BGR", InputSpec.Resize.STRETCH, 114f),
                new Normalization(1f, new float[]{103.5f, 116.3f, 123.7f}, new float[]{57.4f, 57.1f, 58.4f}),
                List.of("circle", "square"),
                new DecoderSpec("nanodet", Map.of("strides", List.of(8, 16, 32), "reg_max", 7)),
                Map.of());
    }

    private static Path writeBundle(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-src"));
        Files.writeString(src.resolve("model.json"), "{\"graph\": true}");
        Files.write(src.resolve("model.bin"), new byte[]{1, 2, 3});
        BundleWriter.write(dir, sampleManifest(),
                Map.of("model.json", src.resolve("model.json"), "weights/model.bin", src.resolve("model.bin"))).close();
        return dir;
    }
}
