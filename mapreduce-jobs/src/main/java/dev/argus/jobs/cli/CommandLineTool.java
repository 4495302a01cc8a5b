package dev.argus.jobs.cli;

import dev.argus.jobs.partition.ModelChoice;
import dev.argus.layout.ArgusLayout;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.network.Engine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/**
 * A Hadoop {@link Tool} whose own options (after ToolRunner has taken the generic ones) are parsed
 * with commons-cli, with the same behaviour for every command: {@code --help} prints usage and
 * returns 0; a wrong or missing option prints one clear line plus usage and returns 2.
 *
 * <p>The options several commands share are declared and read here, so they read and fail alike:
 * integers with bounds, the {@code --root --date --model} of a partition, the multi-scale options and
 * {@code --engine}.
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
        if (Arrays.asList(args).contains("--help")) {
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

    // ---- integers ----

    /** An integer option without bounds, or {@code dflt} when absent. */
    public static int intOption(CommandLine cmd, String option, int dflt) throws UsageException {
        return intOption(cmd, option, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** An integer option of at least {@code min} ({@code 1}: a positive integer), or {@code dflt} when absent. */
    public static int intOption(CommandLine cmd, String option, int dflt, int min) throws UsageException {
        return intOption(cmd, option, dflt, min, Integer.MAX_VALUE);
    }

    /** An integer option from {@code min} to {@code max}, or {@code dflt} when absent. */
    public static int intOption(CommandLine cmd, String option, int dflt, int min, int max) throws UsageException {
        String text = cmd.getOptionValue(option);
        if (text == null) {
            return dflt;
        }
        long value = longValue(option, text);
        if (value < min || value > max) {
            throw new UsageException("--" + option + " must be " + range(min, max) + ", got '" + text + "'");
        }
        return (int) value;
    }

    /** A long option, or {@code dflt} when absent. */
    public static long longOption(CommandLine cmd, String option, long dflt) throws UsageException {
        String text = cmd.getOptionValue(option);
        return text == null ? dflt : longValue(option, text);
    }

    private static long longValue(String option, String text) throws UsageException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be " + (isNumber(text) ? "an integer" : "a number")
                    + ", got '" + text + "'");
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String range(int min, int max) {
        if (max != Integer.MAX_VALUE) {
            return "an integer from " + min + " to " + max;
        }
        return switch (min) {
            case 0 -> "0 or a positive integer";
            case 1 -> "a positive integer";
            default -> "an integer of at least " + min;
        };
    }

    // ---- one partition: --root, --date, --model ----

    /** Adds the required {@code --root}, {@code --date} and {@code --model name[:version]}, described for this command. */
    public static Options addPartitionOptions(Options options, String dateDescription, String modelDescription) {
        return options
                .addOption(Option.builder().longOpt("root").hasArg().argName("uri").required()
                        .desc("Argus layout root (any Hadoop file system)").build())
                .addOption(Option.builder().longOpt("date").hasArg().argName("YYYY-MM-DD").required()
                        .desc(dateDescription).build())
                .addOption(Option.builder().longOpt("model").hasArg().argName("name[:version]").required()
                        .desc(modelDescription).build());
    }

    /** {@code --date}; a malformed date is a usage error. */
    public static LocalDate dateOption(CommandLine cmd) throws UsageException {
        try {
            return ArgusLayout.parseDate(cmd.getOptionValue("date"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code --model name[:version]}, not yet resolved against a layout; a malformed one is a usage error. */
    public static ModelChoice modelOption(CommandLine cmd) throws UsageException {
        try {
            return ModelChoice.parse(cmd.getOptionValue("model"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    // ---- multi-scale inference ----

    /** Adds {@code --slice}, {@code --pyramid}, {@code --merge} and {@code --max-tiles}. */
    public static Options addMultiScaleOptions(Options options) {
        return options
                .addOption(Option.builder().longOpt("slice").hasArg().argName("SIZE[/OVERLAP]|off")
                        .desc("sliced inference for small objects: tiles of SIZE px overlapping by OVERLAP (default 0.2) "
                                + "plus a whole-image pass; replaces the bundle's default").build())
                .addOption(Option.builder().longOpt("pyramid").hasArg().argName("1,2,...|off")
                        .desc("image pyramid: zoom levels over the plain pass (2 = windows of half the image)").build())
                .addOption(Option.builder().longOpt("merge").hasArg().argName("nms|nmm-iou|nmm-ios")
                        .desc("how the tiles' detections are joined (default nms)").build())
                .addOption(Option.builder().longOpt("max-tiles").hasArg().argName("n")
                        .desc("model passes allowed per image (default 64; the log says what each image size costs)")
                        .build());
    }

    /** The multi-scale options as given (each null when absent); a bad value is a usage error naming the option. */
    public static MultiScaleOptions multiScaleOptions(CommandLine cmd) throws UsageException {
        try {
            return new MultiScaleOptions(cmd.getOptionValue("slice"), cmd.getOptionValue("pyramid"),
                    cmd.getOptionValue("merge"), cmd.getOptionValue("max-tiles"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    // ---- the engine that runs the network ----

    /** Adds {@code --engine auto|onnxruntime|dl4j}; {@code more} (may be empty) ends its description. */
    public static Options addEngineOption(Options options, String more) {
        return options.addOption(Option.builder().longOpt("engine").hasArg().argName("auto|onnxruntime|dl4j")
                .desc("what runs the network (default: the bundle's, else auto: ONNX Runtime where the bundle has an "
                        + "ONNX form)" + more).build());
    }

    /**
     * {@code --engine}, else {@code fallback} (a {@code -D} setting; may be null); null when neither is given.
     * A bad name, from either, is a usage error.
     */
    public static Engine engineOption(CommandLine cmd, String fallback) throws UsageException {
        String name = cmd.getOptionValue("engine", fallback);
        try {
            return name == null ? null : Engine.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    /** A bad option value, reported to the user as a usage error. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
