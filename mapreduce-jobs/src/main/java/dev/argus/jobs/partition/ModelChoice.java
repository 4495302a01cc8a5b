package dev.argus.jobs.partition;

import dev.argus.layout.ArgusLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code --model name[:version]} option. Without a version, the newest published version under
 * {@code <root>/models/<name>/} is used (numeric versions compare as numbers, others as text).
 */
public record ModelChoice(String name, String version) {

    /** Parses {@code name} or {@code name:version}; the version is null when not given. */
    public static ModelChoice parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--model is empty; expected name or name:version, e.g. centernet:1");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            ArgusLayout.checkName("model name", text); // a path-like name must not reach a path
            return new ModelChoice(text, null);
        }
        String name = text.substring(0, colon);
        String version = text.substring(colon + 1);
        if (name.isEmpty() || version.isEmpty()) {
            throw new IllegalArgumentException("--model '" + text + "' is not of the form name or name:version");
        }
        ArgusLayout.checkName("model name", name);
        ArgusLayout.checkName("model version", version);
        return new ModelChoice(name, version);
    }

    /** This choice with its version filled in from the layout; fails naming what is there. */
    public ModelChoice resolve(ArgusLayout layout) throws IOException {
        if (version != null) {
            if (!layout.fileSystem().exists(layout.modelManifest(name, version))) {
                throw new ModelLoadException("model " + name + ":" + version + " is not published: no "
                        + ArgusLayout.MODEL_MANIFEST + " in " + layout.model(name, version)
                        + " (published versions: " + publishedVersions(layout) + ")");
            }
            return this;
        }
        List<String> versions = publishedVersions(layout);
        if (versions.isEmpty()) {
            throw new ModelLoadException("no model named '" + name + "' is published under " + layout.modelVersions(name));
        }
        return new ModelChoice(name, versions.get(versions.size() - 1));
    }

    /**
     * This choice with its version filled in from the detections: without a version, the newest
     * version that has a complete detections partition for {@code date}.
     */
    public ModelChoice resolveDetections(ArgusLayout layout, LocalDate date) throws IOException {
        if (version != null) {
            return this;
        }
        List<String> versions = layout.detectionVersions(name, date);
        if (versions.isEmpty()) {
            throw new IOException("no complete detections of model '" + name + "' for " + date + " under "
                    + layout.detectionsOfModel(name) + " (run argus detect first)");
        }
        return new ModelChoice(name, versions.get(versions.size() - 1));
    }

    /** Published versions, oldest first. */
    public List<String> publishedVersions(ArgusLayout layout) throws IOException {
        return layout.publishedModelVersions(name);
    }

    @Override
    public String toString() {
        return version == null ? name : name + ":" + version;
    }
}
