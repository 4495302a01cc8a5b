package dev.argus.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bad values that once escaped as stack traces: each is one line naming it, the usage, and exit 2. */
class BadValueTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private void assertUsageError(String expected, String... args) throws Exception {
        console.err.reset();
        int code = Argus.run(new Configuration(), args, System.out, System.err);
        String err = console.err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, String.join(" ", args) + "\n" + err);
        assertTrue(err.lines().findFirst().orElse("").startsWith("argus " + args[0] + ": " + expected), err);
        assertTrue(err.contains("usage: argus " + args[0]), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace:\n" + err);
    }

    @Test
    void pathLikeModelNamesAndVersions() throws Exception {
        String root = tmp.toUri().toString();
        assertUsageError("model name '../../etc' must be letters", "detect", "--root", root, "--date", "2024-05-01",
                "--model", "../../etc:1");
        assertUsageError("model version '1/../2' must be letters", "detect", "--root", root, "--date", "2024-05-01",
                "--model", "m:1/../2");
        assertUsageError("model name '../x' must be letters", "stats", "--root", root, "--date", "2024-05-01",
                "--model", "../x:1");
        assertUsageError("model name '.hidden' must be letters", "report", "--root", root, "--date", "2024-05-01",
                "--model", ".hidden", "--out", tmp.resolve("r").toString());
    }

    @Test
    void emptyRoots() throws Exception {
        assertUsageError("root '': layout root is empty", "detect", "--root", "", "--date", "2024-05-01", "--model", "m:1");
        assertUsageError("root ' ': layout root is empty", "stats", "--root", " ", "--date", "2024-05-01", "--model", "m:1");
        assertUsageError("root '': layout root is empty", "ingest", "--root", "", "--date", "2024-05-01",
                "--input", tmp.toString());
        assertUsageError("root '': layout root is empty", "repair", "--root", "");
    }
}
