package dev.argus.zoo.convert;

import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.List;

/**
 * A bundle {@link BundleConverter#toOnnx} wrote, opened and verified, with the source outputs its model
 * does not have (each with the reason), for the user to be told.
 */
public record ConvertedBundle(ModelBundle bundle, List<String> leftOut) implements AutoCloseable {

    public ConvertedBundle {
        leftOut = List.copyOf(leftOut);
    }

    public BundleManifest manifest() {
        return bundle.manifest();
    }

    public Path file(String name) {
        return bundle.file(name);
    }

    public String describe() {
        return bundle.describe();
    }

    @Override
    public void close() {
        bundle.close();
    }
}
