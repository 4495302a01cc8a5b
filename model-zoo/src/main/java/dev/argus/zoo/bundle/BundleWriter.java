package dev.argus.zoo.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes bundles that {@link ModelBundle#open} accepts: the files, then a {@code bundle.json} carrying
 * their checksums. Whatever {@code files} the given manifest lists is ignored and recomputed.
 */
public final class BundleWriter {

    private BundleWriter() {
    }

    /**
     * Copies {@code files} (bundle-relative name to source file) into {@code dir}, which may not exist
     * yet, then writes the manifest, and returns the bundle opened from {@code dir}.
     */
    public static ModelBundle write(Path dir, BundleManifest manifest, Map<String, Path> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path target = ModelBundle.insideBundle(dir, file.getKey(), dir, "file");
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return writeManifest(dir, manifest);
    }

    /**
     * Writes {@code bundle.json} for the files already in {@code dir} (all of them are listed), and returns
     * the bundle opened from {@code dir}.
     */
    public static ModelBundle writeManifest(Path dir, BundleManifest manifest) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String name : ModelBundle.relativeFiles(dir)) {
            if (!name.equals(ManifestCodec.FILE_NAME)) {
                sums.put(name, ModelBundle.sha256(dir.resolve(name)));
            }
        }
        ManifestCodec.write(manifest.withFiles(sums), dir.resolve(ManifestCodec.FILE_NAME));
        return ModelBundle.open(dir);
    }

    /** Zips a bundle directory, entries at the zip root, into {@code zipFile}. */
    public static void zip(Path dir, Path zipFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : ModelBundle.relativeFiles(dir)) {
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(dir.resolve(name), zip);
                zip.closeEntry();
            }
        }
    }
}
