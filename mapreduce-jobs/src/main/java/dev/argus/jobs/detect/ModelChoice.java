package dev.argus.jobs.detect;

import dev.argus.layout.ArgusLayout;
import dev.argus.zoo.bundle.ManifestCodec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

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
            return new ModelChoice(text, null);
        }
        String name = text.substring(0, colon);
        String version = text.substring(colon + 1);
        if (name.isEmpty() || version.isEmpty()) {
            throw new IllegalArgumentException("--model '" + text + "' is not of the form name or name:version");
        }
        return new ModelChoice(name, version);
    }

    /** This choice with its version filled in from the layout; fails naming what is there. */
    public ModelChoice resolve(ArgusLayout layout) throws IOException {
        if (version != null) {
            Path dir = layout.model(name, version);
            if (!layout.fileSystem().exists(new Path(dir, ManifestCodec.FILE_NAME))) {
                throw new ModelLoadException("model " + name + ":" + version + " is not published: no " + ManifestCodec.FILE_NAME
                        + " in " + dir + " (published versions: " + publishedVersions(layout) + ")");
            }
            return this;
        }
        List<String> versions = publishedVersions(layout);
        if (versions.isEmpty()) {
            throw new ModelLoadException("no model named '" + name + "' is published under " + modelsDir(layout));
        }
        return new ModelChoice(name, versions.get(versions.size() - 1));
    }

    /**
     * This choice with its version filled in from the detections: without a version, the newest
     * version that has a complete detections partition for {@code date}.
     */
    public ModelChoice resolveDetections(ArgusLayout layout, java.time.LocalDate date) throws IOException {
        if (version != null) {
            return this;
        }
        List<String> versions = new ArrayList<>();
        // every version's detections live next to the others, as version=<v>
        Path versionsDir = layout.detectionsRoot(name, "0").getParent();
        FileStatus[] children;
        try {
            children = layout.fileSystem().listStatus(versionsDir);
        } catch (FileNotFoundException e) {
            children = new FileStatus[0];
        }
        for (FileStatus child : children) {
            String dirName = child.getPath().getName();
            if (dirName.startsWith("version=")) {
                String v = dirName.substring("version=".length());
                if (layout.isComplete(layout.detections(name, v, date))) {
                    versions.add(v);
                }
            }
        }
        if (versions.isEmpty()) {
            throw new IOException("no complete detections of model '" + name + "' for " + date + " under " + versionsDir
                    + " (run argus detect first)");
        }
        versions.sort(VERSION_ORDER);
        return new ModelChoice(name, versions.get(versions.size() - 1));
    }

    /** Published versions, oldest first. */
    public List<String> publishedVersions(ArgusLayout layout) throws IOException {
        List<String> versions = new ArrayList<>();
        FileStatus[] children;
        try {
            children = layout.fileSystem().listStatus(modelsDir(layout));
        } catch (FileNotFoundException e) {
            return versions;
        }
        for (FileStatus child : children) {
            if (child.isDirectory() && layout.fileSystem().exists(new Path(child.getPath(), ManifestCodec.FILE_NAME))) {
                versions.add(child.getPath().getName());
            }
        }
        versions.sort(VERSION_ORDER);
        return versions;
    }

    private Path modelsDir(ArgusLayout layout) {
        // every version of a model lives next to the others
        return layout.model(name, "0").getParent();
    }

    @Override
    public String toString() {
        return version == null ? name : name + ":" + version;
    }

    private static final Comparator<String> VERSION_ORDER = (a, b) -> {
        boolean na = a.matches("\\d{1,18}");
        boolean nb = b.matches("\\d{1,18}");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };
}
