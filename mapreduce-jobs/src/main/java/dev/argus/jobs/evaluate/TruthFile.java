package dev.argus.jobs.evaluate;

import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.GroundTruth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ground truth of a partition evaluation: a COCO {@code annotations.json} on any Hadoop file system.
 * An image record is matched to its annotations by file name: the last segment of its
 * {@code source_uri} equals the last segment of the annotation's {@code file_name}.
 */
final class TruthFile {

    static final String CONF_KEY = "argus.evaluate.truth";

    private final CocoAnnotations coco;
    private final Map<String, GroundTruth> byName = new LinkedHashMap<>();

    private TruthFile(CocoAnnotations coco, String source) throws IOException {
        this.coco = coco;
        Map<Long, GroundTruth> byId = GroundTruth.byImage(coco);
        for (CocoAnnotations.ImageEntry image : coco.images()) {
            String name = baseName(image.fileName());
            if (byName.put(name, byId.get(image.id())) != null) {
                throw new IOException("ground truth " + source + ": two images are named '" + name
                        + "'; records are matched to annotations by file name, so names must be unique");
            }
        }
    }

    static TruthFile read(Configuration conf) throws IOException {
        String location = conf.get(CONF_KEY);
        if (location == null) {
            throw new IOException("job configuration lacks " + CONF_KEY + " (set by argus evaluate)");
        }
        Path path = new Path(location);
        java.nio.file.Path local = Files.createTempFile("argus-truth-", ".json");
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new TruthFile(CocoAnnotations.read(local), location);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    static void checkReadable(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.isFile(path)) {
            throw new IOException("ground truth " + path + " is not a file");
        }
    }

    List<CocoAnnotations.Category> categories() {
        return coco.categories();
    }

    /** The image names, in the file's order. */
    Map<String, GroundTruth> byName() {
        return byName;
    }

    /** The truth of the image a record came from, or null when the set does not annotate it. */
    GroundTruth forSource(String sourceUri) {
        return byName.get(baseName(sourceUri));
    }

    static String baseName(String uriOrPath) {
        String s = uriOrPath.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
