package dev.argus.zoo.convert;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The bundles the converters are checked on: the trained ones shipped in {@code model-zoo/bundles}, the
 * TF.js ones and the sample photos {@code scripts/fetch-models.sh} puts under {@code models/} (or
 * {@code $ARGUS_MODELS_DIR}). A missing one fails the test.
 */
final class TestBundles {

    private TestBundles() {
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/fetch-models.sh"))) {
                return p;
            }
        }
        return fail("cannot find the repository root (scripts/fetch-models.sh) above " + Path.of("").toAbsolutePath());
    }

    static Path trainedDir() {
        return repoRoot().resolve("model-zoo/bundles");
    }

    static Path trained(String name) {
        return trained(name, "1");
    }

    static Path trained(String name, String version) {
        return require(trainedDir().resolve(name + "/" + version));
    }

    static Path models() {
        String env = System.getenv("ARGUS_MODELS_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : repoRoot().resolve("models");
    }

    static Path tfjs(String name) {
        return require(models().resolve("bundles/" + name + "/1"));
    }

    static BufferedImage photo(String name) throws IOException {
        BufferedImage image = ImageIO.read(require(models().resolve("samples/" + name + ".jpg")).toFile());
        if (image == null) {
            fail("cannot decode sample photo " + name);
        }
        return image;
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            fail(p + " is missing; run scripts/fetch-models.sh (models and photos) or check out the shipped bundles");
        }
        return p;
    }
}
