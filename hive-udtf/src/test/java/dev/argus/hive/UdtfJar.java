package dev.argus.hive;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The UDTF jar as the build ships it (the compiled main classes, nothing else), made on the spot:
 * tests run before Maven's package phase, but CREATE FUNCTION ... USING JAR needs a jar.
 */
final class UdtfJar {

    private UdtfJar() {
    }

    static Path build(Path dir) throws IOException {
        Path classes;
        try {
            classes = Path.of(ExplodeDetections.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Files.createDirectories(dir);
        Path jar = dir.resolve("hive-udtf.jar");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
