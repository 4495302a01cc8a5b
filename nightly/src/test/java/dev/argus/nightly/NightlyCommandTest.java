package dev.argus.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With this module on the classpath, {@code argus} has a {@code nightly} command, listed and runnable. */
class NightlyCommandTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private int argus(String... args) throws Exception {
        return Argus.run(new Configuration(), args, System.out, System.err);
    }

    @Test
    void helpListsNightlyBesideTheBuiltInCommands() throws Exception {
        assertEquals(0, argus("--help"));
        String help = console.out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("  nightly    ingest -> detect -> stats -> Hive for one date, idempotent"), help);
        assertTrue(help.contains("  detect "), help);
    }

    @Test
    void nightlyHasItsOwnHelpAndUsageErrors() throws Exception {
        assertEquals(0, argus("nightly", "--help"));
        assertTrue(console.out.toString(StandardCharsets.UTF_8).contains("argus nightly"));
        assertEquals(2, argus("nightly", "--root", "/tmp/x", "--date", "2026-13-01", "--model", "m", "--input", "/in"));
        assertTrue(console.err.toString(StandardCharsets.UTF_8).contains("argus nightly: "), console.err.toString());
    }
}
