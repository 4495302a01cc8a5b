package dev.argus.jobs.report;

import static org.junit.jupiter.api.Assertions.fail;

import dev.argus.jobs.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, for loading a page the way a user's browser would and
 * reading back the DOM after its scripts ran. Missing chromium fails the test, saying how to install it,
 * unless {@code -Dargus.allowMissing=chromium} leaves it out (see {@link Prerequisite}).
 */
final class HeadlessChromium {

    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    static HeadlessChromium find() {
        String override = System.getenv("CHROMIUM");
        if (override != null && Files.isExecutable(Path.of(override))) {
            return new HeadlessChromium(Path.of(override));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : CANDIDATES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p);
                }
            }
        }
        Prerequisite.missing("chromium", "no chromium on the PATH and no $CHROMIUM; install it: apt-get install -y chromium");
        return null;
    }

    /** Loads {@code page} and returns the DOM as serialised after the load event. */
    String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
        Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
        Path err = scratch.resolve("chromium-stderr.txt");
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish loading " + page + " within 90 s");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            fail("chromium exited with " + p.exitValue() + " and no DOM; stderr: " + Files.readString(err));
        }
        return dom;
    }
}
