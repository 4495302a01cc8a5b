package dev.argus.jobs.detect.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hadoop's checksummed local file system writes a {@code .<name>.crc} beside every file it copies:
 * the distributed cache does when it localises the bundle for a task, and so does
 * {@code hadoop fs -put} onto a {@code file:} root. A model bundle refuses files its manifest does not
 * list, so a bundle with such sidecars is opened from a copy without them.
 */
final class ChecksumSidecars {

    private ChecksumSidecars() {
    }

    /** {@code dir} itself when it has no sidecars; otherwise a temporary copy without them, removed at JVM exit. */
    static Path without(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.stream().noneMatch(ChecksumSidecars::isSidecar)) {
            return dir;
        }
        Path copy = Files.createTempDirectory("argus-bundle-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copy)));
        for (Path file : files) {
            if (!isSidecar(file)) {
                Path target = copy.resolve(dir.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return copy;
    }

    static boolean isSidecar(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".crc");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort at exit
        }
    }
}
