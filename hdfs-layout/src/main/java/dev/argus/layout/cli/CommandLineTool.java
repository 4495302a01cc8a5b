package dev.argus.layout.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * A Hadoop {@link Tool} whose own options (after ToolRunner has taken the generic ones) are parsed
 * with commons-cli, with the same behaviour for every command: {@code --help} prints usage and
 * returns 0; a wrong or missing option prints one clear line plus usage and returns 2.
 */
public abstract class CommandLineTool extends Configured implements Tool {

    public static final int USAGE_ERROR = 2;

    private final String name;
    private final String summary;

    protected CommandLineTool(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    /** The command's options; {@code --help} is added for you. */
    protected abstract Options options();

    /** Runs the command with its parsed options. Throw {@link UsageException} for a bad value. */
    protected abstract int run(CommandLine cmd) throws Exception;

    /** Text printed after the options in the usage, e.g. the {@code -D} settings a command reads. */
    protected String usageFooter() {
        return null;
    }

    @Override
    public final int run(String[] args) throws Exception {
        Options options = options();
        options.addOption(null, "help", false, "print this help and exit");
        // Before parsing: a user asking for help has not given the required options yet.
        if (java.util.Arrays.asList(args).contains("--help")) {
            printUsage(System.out, options);
            return 0;
        }
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            return usageError(e.getMessage(), options);
        }
        if (!cmd.getArgList().isEmpty()) {
            return usageError("unexpected argument '" + cmd.getArgList().get(0) + "'", options);
        }
        try {
            return run(cmd);
        } catch (UsageException e) {
            return usageError(e.getMessage(), options);
        }
    }

    private int usageError(String message, Options options) {
        System.err.println("argus " + name + ": " + message);
        printUsage(System.err, options);
        return USAGE_ERROR;
    }

    private void printUsage(PrintStream out, Options options) {
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printHelp(w, 100, "argus " + name + " [-D key=value ...] [options]",
                summary, options, 2, 2, usageFooter(), false);
        w.flush();
    }

    /** A bad option value, reported to the user as a usage error. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
