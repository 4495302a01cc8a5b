package dev.argus.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line a user types: usage, help, wrong flags, and exit codes. */
class ArgusCliTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private int argus(String... args) throws Exception {
        return Argus.run(new Configuration(), args, System.out, System.err);
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        assertEquals(0, argus("--help"));
        for (String command : Argus.COMMANDS.keySet()) {
            assertTrue(out.toString().contains(command), command + " missing from:\n" + out);
        }
    }

    @Test
    void noArgumentsIsAUsageError() throws Exception {
        assertEquals(2, argus());
        assertTrue(err.toString().contains("Usage: argus <command>"));
    }

    @Test
    void unknownCommandIsNamed() throws Exception {
        assertEquals(2, argus("detcet"));
        assertTrue(err.toString().contains("unknown command 'detcet'"), err.toString());
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : Argus.COMMANDS.keySet()) {
            out.reset();
            assertEquals(0, argus(command, "--help"), command);
            assertTrue(out.toString().contains("argus " + command), out.toString());
        }
    }

    @Test
    void wrongFlagIsNamedAndExitsNonZero() throws Exception {
        assertEquals(2, argus("synth", "--out", "x", "--colour", "red"));
        assertTrue(err.toString().contains("argus synth: Unrecognized option: --colour"), err.toString());
    }

    @Test
    void missingRequiredFlagIsNamed() throws Exception {
        assertEquals(2, argus("synth", "--count", "3"));
        assertTrue(err.toString().contains("Missing required option: out"), err.toString());
    }

    @Test
    void badValueIsNamed() throws Exception {
        assertEquals(2, argus("synth", "--out", "x", "--count", "many"));
        assertTrue(err.toString().contains("--count must be a number, got 'many'"), err.toString());
    }

    @Test
    void genericHadoopOptionsAreAcceptedAfterTheCommand(@TempDir Path dir) throws Exception {
        assertEquals(0, argus("synth", "-D", "some.key=1", "--out", dir.toString(), "--count", "3", "--format", "png"));
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count(), "3 images + annotations.json");
        }
    }
}
