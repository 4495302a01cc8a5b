package dev.argus.jobs.partition;

import dev.argus.layout.ArgusLayout;
import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.jobs.cli.CommandLineTool.UsageException;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The complete detections partition a command reads ({@code argus stats}, {@code argus report}),
 * named on the command line by {@code --root}, {@code --date} and {@code --model name[:version]}.
 */
public record DetectionsPartition(ArgusLayout layout, ModelChoice model, LocalDate date) {

    /** Adds {@code --root}, {@code --date} and {@code --model} to a command's options. */
    public static Options addOptions(Options options) {
        return CommandLineTool.addPartitionOptions(options, "partition date",
                "whose detections; without a version, the newest with a complete partition for the date");
    }

    /**
     * The partition the options name. A malformed date or model is a usage error; a partition that is
     * missing or incomplete is a {@link NotReady} whose message says what to run first.
     */
    public static DetectionsPartition from(CommandLine cmd, Configuration conf) throws UsageException, NotReady,
            IOException {
        LocalDate date = CommandLineTool.dateOption(cmd);
        ModelChoice choice = CommandLineTool.modelOption(cmd);
        ArgusLayout layout;
        try {
            layout = ArgusLayout.at(cmd.getOptionValue("root"), conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException("root '" + cmd.getOptionValue("root") + "': " + e.getMessage());
        }
        ModelChoice model;
        try {
            model = choice.resolveDetections(layout, date);
        } catch (IOException e) {
            throw new NotReady(e.getMessage());
        }
        DetectionsPartition partition = new DetectionsPartition(layout, model, date);
        if (!layout.isComplete(partition.path())) {
            throw new NotReady(partition.path() + " is not a complete detections partition (no "
                    + ArgusLayout.SUCCESS_MARKER + "; run argus detect first)");
        }
        return partition;
    }

    public Path path() {
        return layout.detections(model.name(), model.version(), date);
    }

    /**
     * Why this partition no longer describes the date's shards or the model bundle (one line), or
     * empty where it is current: e.g. the date was ingested again after detect ran.
     */
    public java.util.Optional<String> staleness() throws java.io.IOException {
        return layout.staleness(path());
    }

    /** The partition is not there to read yet. */
    public static final class NotReady extends Exception {
        NotReady(String message) {
            super(message);
        }
    }
}
