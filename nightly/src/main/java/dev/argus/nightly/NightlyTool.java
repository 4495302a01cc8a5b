package dev.argus.nightly;

import dev.argus.hive.embedded.EmbeddedHive;
import dev.argus.hive.embedded.HiveScript;
import dev.argus.jobs.detect.DetectRequest;
import dev.argus.jobs.detect.DetectTool;
import dev.argus.jobs.stats.StatsTool;
import dev.argus.jobs.ingest.IngestTool;
import dev.argus.jobs.partition.DetectionsPartition;
import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.jobs.partition.ModelChoice;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code argus nightly}: the nightly DAG of {@code scripts/oozie/workflow.xml} in one process, for a
 * single machine: ingest, detect, stats, then embedded Hive registers the new partitions and runs the
 * summary query.
 *
 * <p>Idempotent: each step's output is a partition that is published atomically, so a step whose
 * partition is complete is skipped (unless {@code --force}), and a failed step leaves nothing behind
 * that the next run would trust. A rerun after a failure at any step therefore ends in the state one
 * clean run gives. The Hive step always runs: registering partitions is {@code IF NOT EXISTS}.
 */
public final class NightlyTool extends CommandLineTool {

    private final List<String> summary = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    public NightlyTool() {
        super("nightly", "Run ingest -> detect -> stats -> Hive (partitions + summary) for one date, "
                + "skipping steps whose output is already complete.");
    }

    @Override
    protected Options options() {
        return addPartitionOptions(new Options(), "the day to process",
                "model bundle under <root>/models (newest version when none is given)")
                .addOption(Option.builder().longOpt("input").hasArg().argName("dir|listing").required()
                        .desc("the day's raw images (as for argus ingest)").build())
                .addOption(Option.builder().longOpt("hive-dir").hasArg().argName("dir")
                        .desc("local directory of the embedded Hive metastore (default <root>/_hive for a "
                                + "local root)").build())
                .addOption(Option.builder().longOpt("force").desc("rerun every step, complete or not").build());
    }

    /** The summary query's rows from the last run (model, version, label, objects, images, mean score). */
    public List<String> summary() {
        return summary;
    }

    /** The steps the last run skipped because their output was complete. */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        LocalDate date = dateOption(cmd);
        ModelChoice choice = modelOption(cmd);
        ArgusLayout layout = ArgusLayout.at(cmd.getOptionValue("root"), getConf());
        java.nio.file.Path hiveDir = hiveDir(cmd, layout);
        boolean force = cmd.hasOption("force");
        String day = date.toString();
        summary.clear();
        skipped.clear();
        try {
            runSteps(cmd, layout, hiveDir, date, choice, force);
        } catch (StepFailed e) {
            System.err.println(e.getMessage());
            return 1;
        }
        System.out.println("argus nightly dt=" + day + ": done" + (skipped.isEmpty() ? "" : ", skipped " + skipped));
        return 0;
    }

    private void runSteps(CommandLine cmd, ArgusLayout layout, java.nio.file.Path hiveDir, LocalDate date,
            ModelChoice choice, boolean force) throws Exception {
        String root = layout.root().toString();
        if (force || !(layout.isComplete(layout.shards(date))
                && layout.isComplete(layout.errors(Stage.INGEST, date, ArgusLayout.INGEST_JOB)))) {
            check("ingest", step("ingest", new IngestTool())
                    .ingest(root, date, new Path(cmd.getOptionValue("input")), Map.of()));
        } else {
            skip("ingest", layout.shards(date));
        }

        ModelChoice model = choice.resolve(layout);
        if (force || !layout.isComplete(layout.detections(model.name(), model.version(), date))
                || redoStale("detect", layout, layout.detections(model.name(), model.version(), date))) {
            check("detect", step("detect", new DetectTool()).detect(DetectRequest.of(root, date, model)));
        } else {
            skip("detect", layout.detections(model.name(), model.version(), date));
        }

        if (force || !layout.isComplete(layout.stats(model.name(), model.version(), date))
                || redoStale("stats", layout, layout.stats(model.name(), model.version(), date))) {
            // every stored box, as argus stats counts by default; no copy besides the published partition
            check("stats", step("stats", new StatsTool()).stats(new DetectionsPartition(layout, model, date), 0f, null));
        } else {
            skip("stats", layout.stats(model.name(), model.version(), date));
        }

        registerInHive(layout, hiveDir, date, model);
    }

    /** Announces a step and gives its tool this run's configuration (the -D options included). */
    private <T extends Configured> T step(String name, T tool) {
        System.out.println("argus nightly: " + name);
        tool.setConf(getConf());
        return tool;
    }

    private static void check(String step, int exitCode) {
        if (exitCode != 0) {
            throw new StepFailed(step, exitCode);
        }
    }

    /** Whether a complete partition was built from inputs that changed since (then the step runs again). */
    private static boolean redoStale(String step, ArgusLayout layout, Path complete) throws java.io.IOException {
        java.util.Optional<String> stale = layout.staleness(complete);
        stale.ifPresent(why -> System.out.println("argus nightly: " + step + " again, " + why));
        return stale.isPresent();
    }

    private void skip(String step, Path complete) {
        System.out.println("argus nightly: " + step + " skipped, " + complete + " is complete (--force reruns it)");
        skipped.add(step);
    }

    /** The Oozie DAG's Hive actions: the shipped DDL, functions, partitions of this run, the summary. */
    private void registerInHive(ArgusLayout layout, java.nio.file.Path hiveDir, LocalDate date, ModelChoice model)
            throws IOException {
        Path schemas = publishSchemas(layout);
        System.out.println("argus nightly: hive (metastore in " + hiveDir + ")");
        try (EmbeddedHive hive = EmbeddedHive.start(hiveDir)) {
            hive.setVariable("argus_root", layout.root().toString());
            hive.setVariable("argus_schema_url", schemas.toString());
            hive.setVariable("dt", date.toString());
            hive.setVariable("model_name", model.name());
            hive.setVariable("model_version", model.version());
            hive.runScript(HiveScript.packaged("create-tables.sql"));
            hive.runScript(HiveScript.packaged("add-partitions.sql"));
            hive.run("CREATE DATABASE IF NOT EXISTS argus");
            hive.run("USE argus");
            hive.runScript(HiveScript.packaged("create-temporary-functions.sql"));
            // The cluster's summary calls the permanent argus.* functions; here the session's own.
            String query = HiveScript.packaged("nightly-summary.sql").statements().get(0)
                    .replace("argus.explode_detections", "explode_detections");
            summary.addAll(hive.run(query));
        }
        System.out.println("  model      version  label                objects  images  mean score");
        for (String row : summary) {
            String[] c = row.split("\t");
            System.out.printf("  %-10s %-8s %-20s %7s %7s %11s%n", c[0], c[1], c[2], c[3], c[4], c[5]);
        }
    }

    /** The .avsc files the Hive tables read their columns from, next to the data ({@link ArgusLayout#schemas}). */
    private static Path publishSchemas(ArgusLayout layout) throws IOException {
        FileSystem fs = layout.fileSystem();
        Path dir = layout.schemas();
        fs.mkdirs(dir);
        for (String name : List.of("ImageRecord.avsc", "ImageDetections.avsc", "ImageError.avsc")) {
            try (InputStream in = NightlyTool.class.getClassLoader().getResourceAsStream("avro/" + name);
                 OutputStream out = fs.create(new Path(dir, name), true)) {
                if (in == null) {
                    throw new IOException("avro/" + name + " is not on the classpath (it comes with hdfs-layout)");
                }
                in.transferTo(out);
            }
        }
        return dir;
    }

    private static java.nio.file.Path hiveDir(CommandLine cmd, ArgusLayout layout) throws UsageException {
        if (cmd.hasOption("hive-dir")) {
            return java.nio.file.Path.of(cmd.getOptionValue("hive-dir"));
        }
        return layout.localHiveMetastore().orElseThrow(() -> new UsageException("--hive-dir is needed when --root "
                + "is not on the local file system; on a cluster schedule scripts/oozie instead"));
    }

    /** A step of the DAG that returned non-zero; its own message has been printed already. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String step, int exitCode) {
            super("argus nightly: step '" + step + "' failed (exit " + exitCode + "); rerun the same command "
                    + "when the cause is fixed: complete steps are skipped");
        }
    }
}
