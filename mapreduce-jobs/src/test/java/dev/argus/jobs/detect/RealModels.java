package dev.argus.jobs.detect;

import dev.argus.jobs.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code scripts/fetch-models.sh} put the real COCO bundles and sample photos
 * ({@code $ARGUS_MODELS_DIR}, default {@code <repo>/models}). Tests that need them fail without them,
 * saying how to get them, unless {@code -Dargus.allowMissing=models} leaves them out (see {@link Prerequisite}).
 */
public final class RealModels {

    private RealModels() {
    }

    public static Path dir() {
        String env = System.getenv("ARGUS_MODELS_DIR");
        // tests run in the module directory, exec:java from the repository root
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : Files.isDirectory(Path.of("models", "bundles")) ? Path.of("models").toAbsolutePath()
                : Path.of("..", "models").toAbsolutePath().normalize();
        String missing = null;
        if (!Files.isRegularFile(dir.resolve("bundles/centernet/1/bundle.json"))) {
            missing = "the CenterNet bundle";
        } else if (!Files.isRegularFile(dir.resolve("samples/sample1.jpg"))) {
            missing = "the sample photos";
        }
        if (missing != null) {
            Prerequisite.missing("models", missing + " not found under " + dir + "; run bash scripts/fetch-models.sh");
        }
        return dir;
    }

    public static Path centernet() {
        return dir().resolve("bundles/centernet/1");
    }

    public static Path samples() {
        return dir().resolve("samples");
    }
}
