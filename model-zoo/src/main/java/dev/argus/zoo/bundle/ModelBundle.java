package dev.argus.zoo.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A model as shipped: a directory (or a zip of one, entries at the root) holding {@code bundle.json}
 * and the files it lists. Opening a bundle verifies it completely — every listed file present with the
 * SHA-256 the manifest records, nothing unlisted — so whatever is loaded from it is what was published.
 *
 * <p>A zip is unpacked into a private temporary directory, which {@link #close()} removes; a directory
 * bundle is used in place and left alone.
 */
public final class ModelBundle implements AutoCloseable {

    private final Path source;
    private final Path directory;
    private final boolean unpacked;
    private final BundleManifest manifest;

    private ModelBundle(Path source, Path directory, boolean unpacked, BundleManifest manifest) {
        this.source = source;
        this.directory = directory;
        this.unpacked = unpacked;
        this.manifest = manifest;
    }

    /** Opens and verifies the bundle at {@code path}, a directory or a {@code .zip} file. */
    public static ModelBundle open(Path path) {
        if (Files.isDirectory(path)) {
            return verified(path, path, false);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            Path dir = unzip(path);
            try {
                return verified(path, dir, true);
            } catch (RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }
        throw new BundleException("bundle " + path + ": not found (expected a directory or a .zip file)");
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Where the bundle was opened from. */
    public Path source() {
        return source;
    }

    /** The directory holding the bundle's files (a temporary one for a zip). */
    public Path directory() {
        return directory;
    }

    /** A file the manifest lists, e.g. {@code file(manifest().graph())}. */
    public Path file(String name) {
        if (!manifest.files().containsKey(name)) {
            throw new BundleException("bundle " + source + ": no file '" + name + "' in the manifest");
        }
        return directory.resolve(name);
    }

    /** "name/version" plus where it came from, for messages. */
    public String describe() {
        return manifest.name() + "/" + manifest.version() + " (" + source + ")";
    }

    @Override
    public void close() {
        if (unpacked) {
            deleteTree(directory);
        }
    }

    private static ModelBundle verified(Path source, Path dir, boolean unpacked) {
        Path manifestFile = dir.resolve(ManifestCodec.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException("bundle " + source + ": " + ManifestCodec.FILE_NAME + " is missing");
        }
        BundleManifest manifest = ManifestCodec.read(manifestFile, source.toString());
        for (Map.Entry<String, String> listed : manifest.files().entrySet()) {
            String name = listed.getKey();
            Path file = insideBundle(dir, name, source, "listed file");
            if (!Files.isRegularFile(file)) {
                throw new BundleException("bundle " + source + ": listed file '" + name + "' is missing");
            }
            String actual;
            try {
                actual = sha256(file);
            } catch (IOException e) {
                throw new BundleException("bundle " + source + ": cannot read '" + name + "': " + e.getMessage(), e);
            }
            if (!actual.equalsIgnoreCase(listed.getValue())) {
                throw new BundleException("bundle " + source + ": checksum mismatch for '" + name + "': manifest says "
                        + listed.getValue() + ", file has " + actual);
            }
        }
        for (String present : relativeFiles(dir)) {
            if (!present.equals(ManifestCodec.FILE_NAME) && !manifest.files().containsKey(present)) {
                throw new BundleException("bundle " + source + ": file '" + present
                        + "' is not listed in " + ManifestCodec.FILE_NAME + " (every file must carry a checksum)");
            }
        }
        return new ModelBundle(source, dir, unpacked, manifest);
    }

    /** Resolves a bundle-relative name, refusing one that would land outside the bundle ("zip slip"). */
    static Path insideBundle(Path dir, String name, Path source, String what) {
        Path root = dir.toAbsolutePath().normalize();
        Path resolved = root.resolve(name).normalize();
        if (name.isEmpty() || !resolved.startsWith(root) || resolved.equals(root)) {
            throw new BundleException("bundle " + source + ": " + what + " '" + name + "' escapes the bundle directory");
        }
        return resolved;
    }

    private static Path unzip(Path zip) {
        Path dir;
        try {
            dir = Files.createTempDirectory("argus-bundle-"); // owner-only permissions on POSIX
        } catch (IOException e) {
            throw new BundleException("bundle " + zip + ": cannot create a directory to unpack it: " + e.getMessage(), e);
        }
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = zipFile.stream().toList();
            // check every name before writing anything
            for (ZipEntry entry : entries) {
                insideBundle(dir, entry.getName(), zip, "zip entry");
            }
            for (ZipEntry entry : entries) {
                Path target = insideBundle(dir, entry.getName(), zip, "zip entry");
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zipFile.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            deleteTree(dir);
            throw new BundleException("bundle " + zip + ": not a readable zip: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Regular files under {@code dir}, as '/'-separated relative names. */
    static List<String> relativeFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> names = new ArrayList<>();
            walk.filter(Files::isRegularFile).sorted()
                    .forEach(p -> names.add(dir.relativize(p).toString().replace(dir.getFileSystem().getSeparator(), "/")));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover temp directory is harmless
        }
    }
}
