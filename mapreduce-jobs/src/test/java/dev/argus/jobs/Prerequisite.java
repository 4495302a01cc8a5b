package dev.argus.jobs;

import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A prerequisite of the README's test command that is not there (the fetched models, Chromium): the test
 * fails with one line saying how to get it. Only an explicit opt-out, {@code -Dargus.allowMissing=models,chromium},
 * turns that into a skip, and the skip is printed, so a run that left tests out says which and why
 * (and CI, which fails on any skipped test, never accepts it).
 */
public final class Prerequisite {

    public static final String OPT_OUT = "argus.allowMissing";

    private Prerequisite() {
    }

    /** Never returns: fails the test, or aborts it when {@code name} is opted out. */
    public static void missing(String name, String howToGetIt) {
        String optedOut = System.getProperty(OPT_OUT, "");
        if (Arrays.stream(optedOut.split(",")).map(String::trim).anyMatch(name::equals)) {
            String line = "LEFT OUT (-D" + OPT_OUT + "=" + optedOut + "): " + howToGetIt;
            System.err.println(line);
            Assumptions.abort(line);
        }
        Assertions.fail(howToGetIt + " (to leave these tests out instead: -D" + OPT_OUT + "=" + name + ")");
    }
}
