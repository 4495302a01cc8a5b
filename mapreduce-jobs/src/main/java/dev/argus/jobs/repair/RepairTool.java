package dev.argus.jobs.repair;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;

import dev.argus.layout.ArgusLayout;
import dev.argus.layout.PartitionLease;
import dev.argus.jobs.cli.CommandLineTool;

/**
 * {@code argus repair}: finishes the publishes that killed runs left half done (each under the
 * partition's lease, so a live run is left alone) and removes the staging of runs whose lease is gone
 * or expired. Prints one line per thing it did; nothing to do is said too.
 *
 * <p>Exit codes: 0 done (also when a partition was left alone because a live run holds it), 2 bad
 * command line.
 */
public final class RepairTool extends CommandLineTool {

    public RepairTool() {
        super("repair", "Finish interrupted publishes and remove dead runs' staging under a layout root.");
    }

    @Override
    protected Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("root").hasArg().argName("uri").required()
                        .desc("Argus layout root").build())
                .addOption(Option.builder().longOpt("date").hasArg().argName("YYYY-MM-DD")
                        .desc("only the partitions of this date (default: every date)").build());
    }

    @Override
    protected String usageFooter() {
        return "-D options: " + PartitionLease.EXPIRY + " (default " + PartitionLease.DEFAULT_EXPIRY_MS
                + "): how long without a heartbeat before a run counts as dead.";
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        Configuration conf = new Configuration(getConf());
        Optional<LocalDate> date;
        ArgusLayout layout;
        try {
            date = cmd.hasOption("date") ? Optional.of(ArgusLayout.parseDate(cmd.getOptionValue("date"))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            layout = ArgusLayout.at(cmd.getOptionValue("root"), conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException("root '" + cmd.getOptionValue("root") + "': " + e.getMessage());
        }
        List<String> done = layout.repair(date, conf);
        if (done.isEmpty()) {
            System.out.println("argus repair: nothing to repair under " + layout.root()
                    + date.map(d -> " for " + d).orElse(""));
        }
        done.forEach(line -> System.out.println("argus repair: " + line));
        return 0;
    }
}
