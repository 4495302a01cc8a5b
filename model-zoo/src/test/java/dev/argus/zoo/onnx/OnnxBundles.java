package dev.argus.zoo.onnx;

import dev.argus.zoo.Detection;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Writes a real {@code onnx} bundle around a {@link TinyOnnxModel}, and the images the tests feed it. */
final class OnnxBundles {

    static final List<String> LABELS = List.of("a", "b", "c");

    private OnnxBundles() {
    }

    /** A 64x64 NCHW RGB bundle reading input {@code images}, as Ultralytics exports (at a smaller size). */
    static Path write(Path dir, TinyOnnxModel model, String decoder, Map<String, Object> params) throws IOException {
        return write(dir, model, new InputSpec(64, 64, InputSpec.Layout.NCHW, "RGB", InputSpec.Resize.LETTERBOX, 114f,
                "images"), LABELS, decoder, params);
    }

    static Path write(Path dir, TinyOnnxModel model, InputSpec input, List<String> labels, String decoder,
                      Map<String, Object> params) throws IOException {
        Path file = model.writeTo(dir.resolveSibling(dir.getFileName() + "-src").resolve("model.onnx"));
        BundleWriter.write(dir, new BundleManifest(BundleManifest.FORMAT, "tiny-onnx", "1", "onnx", "model.onnx",
                input, Normalization.UNIT_RANGE, labels, new DecoderSpec(decoder, params), Map.of()),
                Map.of("model.onnx", file)).close();
        return dir;
    }

    /** A 64x64 image of one grey level: 0 gives the model's base output, 255 base + delta. */
    static BufferedImage flat(int grey) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        return image;
    }

    static void assertBox(Detection d, float x1, float y1, float x2, float y2, float score, int cls) {
        String what = d.toString();
        assertEquals(cls, d.classId(), what);
        assertEquals(LABELS.get(cls), d.label(), what);
        assertEquals(score, d.score(), 1e-5, what);
        assertEquals(x1, d.x1(), 1e-3, what);
        assertEquals(y1, d.y1(), 1e-3, what);
        assertEquals(x2, d.x2(), 1e-3, what);
        assertEquals(y2, d.y2(), 1e-3, what);
    }
}
