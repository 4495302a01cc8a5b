package dev.argus.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.fail;

import dev.argus.zoo.Prerequisite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the real models and sample photos are (written by scripts/fetch-models.sh), and the input
 * tensors the parity tests feed both Java and TF.js. The tests fail when they are missing, unless
 * {@code -Dargus.allowMissing=models} leaves them out (see {@link Prerequisite}).
 */
final class ReferenceModels {

    static final List<String> SAMPLES = List.of("sample1", "sample2", "sample3", "sample4", "sample5", "sample6");

    private ReferenceModels() {}

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scripts/tfjs-reference"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("cannot find the repository root (a directory with scripts/tfjs-reference) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path modelsDir() {
        String env = System.getenv("ARGUS_MODELS_DIR");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : repoRoot().resolve("models");
        if (!Files.isRegularFile(dir.resolve("bundles/centernet/1/model.json"))
                || !Files.isRegularFile(dir.resolve("samples/sample6.jpg"))) {
            Prerequisite.missing("models", "real models are missing under " + dir + "; run scripts/fetch-models.sh first");
        }
        return dir;
    }

    static Path bundle(String name) {
        return modelsDir().resolve("bundles/" + name + "/1");
    }

    static BufferedImage sample(String name) throws IOException {
        BufferedImage image = ImageIO.read(modelsDir().resolve("samples/" + name + ".jpg").toFile());
        if (image == null) {
            fail("cannot decode sample " + name);
        }
        return image;
    }

    /**
     * The image stretched to size x size (bilinear) as one float tensor, each value pixel * scale,
     * NHWC or NCHW. Any deterministic input serves parity; this one is close to what the models see.
     */
    static INDArray tensor(BufferedImage image, int size, float scale, boolean nchw) {
        BufferedImage resized = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, null);
        g.dispose();
        int[] rgb = resized.getRGB(0, 0, size, size, null, 0, size);
        float[] data = new float[3 * size * size];
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float v = ((rgb[p] >> (16 - 8 * c)) & 0xFF) * scale;
                data[nchw ? c * plane + p : 3 * p + c] = v;
            }
        }
        return Nd4j.create(data, nchw ? new long[] {1, 3, size, size} : new long[] {1, size, size, 3});
    }
}
