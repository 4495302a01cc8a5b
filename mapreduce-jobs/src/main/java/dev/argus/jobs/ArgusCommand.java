package dev.argus.jobs;

import org.apache.hadoop.util.Tool;

/**
 * An {@code argus} command that another module adds: listed in that module's
 * {@code META-INF/services/dev.argus.jobs.ArgusCommand}, it is found by {@link Argus} whenever the
 * module is on the classpath (as {@code nightly} is on the one {@code scripts/argus} runs with, and not
 * in {@code argus-job.jar}).
 */
public interface ArgusCommand {

    /** The word after {@code argus}. */
    String name();

    /** One line for {@code argus --help}. */
    String summary();

    /** A fresh tool to run the command. */
    Tool tool();
}
