package dev.argus.jobs.stats;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.jobs.partition.CombinedAvroKeyInputFormat;
import dev.argus.jobs.partition.DetectionsPartition;
import dev.argus.jobs.partition.ModelChoice;
import dev.argus.jobs.partition.ExclusiveWrite;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.Lineage;
import dev.argus.layout.avro.ImageDetections;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.specific.SpecificData;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * {@code argus stats}: per class, how many boxes a model found in one date's detections, their mean
 * score and their COCO size histogram.
 *
 * <pre>
 * detections/model=M/version=V/dt=D ─▶ map: one tally per box, keyed by class ─▶ combine per task
 *   ─▶ reduce: one ClassStats record per class ─▶ --out (Avro) and the table on stdout
 * </pre>
 *
 * Exit codes: 0 done, 1 no complete detections partition or the job failed, 2 bad command line.
 */
public final class StatsTool extends CommandLineTool {

    private List<GenericRecord> lastStats;

    public StatsTool() {
        super("stats", "Per-class statistics (count, mean score, COCO small/medium/large) of one detections partition.");
    }

    /** The per-class records of the last successful run, most frequent class first; null before. */
    public List<GenericRecord> lastStats() {
        return lastStats;
    }

    @Override
    protected Options options() {
        return DetectionsPartition.addOptions(new Options())
                .addOption(Option.builder().longOpt("min-score").hasArg().argName("s")
                        .desc("leave out boxes scoring below s (default 0: every stored box)").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("dir")
                        .desc("also keep the ClassStats Avro files in this (new) directory").build());
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        float minScore;
        try {
            minScore = minScore(cmd.getOptionValue("min-score", "0"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        DetectionsPartition partition;
        try {
            partition = DetectionsPartition.from(cmd, getConf());
        } catch (DetectionsPartition.NotReady e) {
            System.err.println("argus stats: " + e.getMessage());
            return 1;
        }
        return stats(partition, minScore, cmd.hasOption("out") ? new Path(cmd.getOptionValue("out")) : null);
    }

    /**
     * Runs stats over a complete detections partition, keeping boxes scoring at least {@code minScore},
     * with a further copy in {@code out} (a new directory) unless it is null; returns the exit code,
     * having printed why when not 0.
     */
    public int stats(DetectionsPartition partition, float minScore, Path out) throws Exception {
        Configuration conf = new Configuration(getConf());
        conf.setFloat(StatsMapper.MIN_SCORE, minScore);
        ArgusLayout layout = partition.layout();
        ModelChoice model = partition.model();
        LocalDate date = partition.date();
        Path detections = partition.path();
        FileSystem outFs = out == null ? null : out.getFileSystem(conf);
        if (out != null && outFs.exists(out)) {
            System.err.println("argus stats: --out " + out + " already exists");
            return 1;
        }
        partition.staleness().ifPresent(stale -> System.err.println("argus stats: warning: " + stale
                + " (rerun argus detect for " + date + ")"));
        Path published = layout.stats(model.name(), model.version(), date);
        return ExclusiveWrite.run("stats", layout, conf, "argus stats " + model + " dt=" + date, published, List.of(),
                "stats-" + model.name() + "-" + model.version() + "-" + date, (lease, staging) -> {
                    Map<String, String> builtFrom = layout.identities(detections);
                    Path output = new Path(staging, "out");
                    Job job = createJob(conf, detections, output, model, date);
                    if (!job.waitForCompletion(false)) {
                        System.err.println("argus stats: the MapReduce job " + job.getJobID() + " failed: "
                                + job.getStatus().getFailureInfo());
                        return 1;
                    }
                    lastStats = read(layout.fileSystem(), output, conf);
                    if (out != null) {
                        outFs.mkdirs(out.getParent());
                        if (!org.apache.hadoop.fs.FileUtil.copy(layout.fileSystem(), output, outFs, out, false, conf)) {
                            throw new IOException("could not copy the stats to " + out);
                        }
                    }
                    // Published like every partition, so a rerun (argus nightly) can tell the step is done.
                    lease.checkHeld();
                    layout.publish(output, published, Lineage.builtFrom(builtFrom));
                    System.out.println("argus stats " + model + " dt=" + date + " (" + detections + " -> " + published + ")");
                    System.out.print(table(lastStats, job.getCounters()));
                    return 0;
                });
    }

    private static Job createJob(Configuration conf, Path detections, Path output, ModelChoice model, LocalDate date)
            throws IOException {
        Job job = Job.getInstance(conf, "argus stats " + model + " dt=" + date);
        job.setJarByClass(StatsTool.class);
        // one small file per detect map: many of them per map task (see CombinedAvroKeyInputFormat)
        job.setInputFormatClass(CombinedAvroKeyInputFormat.class);
        AvroJob.setInputKeySchema(job, ImageDetections.getClassSchema());
        AvroJob.setDataModelClass(job, SpecificData.class);
        FileInputFormat.addInputPath(job, detections);
        job.setMapperClass(StatsMapper.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(ClassTally.class);
        job.setCombinerClass(ClassTallyCombiner.class);
        job.setReducerClass(StatsReducer.class);
        job.setNumReduceTasks(1); // one record per class: a handful to a few hundred
        AvroJob.setOutputKeySchema(job, ClassStats.SCHEMA);
        job.setOutputFormatClass(AvroKeyOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    static List<GenericRecord> read(FileSystem fs, Path dir, Configuration conf) throws IOException {
        List<GenericRecord> stats = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".avro"))) {
            try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new FsInput(f.getPath(), conf),
                    new GenericDatumReader<>(ClassStats.SCHEMA))) {
                reader.forEach(stats::add);
            }
        }
        stats.sort(Comparator.<GenericRecord>comparingLong(r -> (Long) r.get("count")).reversed()
                .thenComparing(r -> r.get("label").toString()));
        return stats;
    }

    private static String table(List<GenericRecord> stats, Counters counters) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "  %-16s %8s %6s %7s %7s %7s%n", "class", "count", "score", "small", "medium", "large"));
        for (GenericRecord r : stats) {
            t.append(String.format(Locale.ROOT, "  %-16s %8d %6.3f %7d %7d %7d%n", r.get("label"), r.get("count"),
                    r.get("mean_score"), r.get("small"), r.get("medium"), r.get("large")));
        }
        t.append(String.format(Locale.ROOT, "  %d images (%d without detections), %d boxes (%d below --min-score)%n",
                counters.findCounter(StatsCounters.IMAGES).getValue(),
                counters.findCounter(StatsCounters.IMAGES_WITHOUT_DETECTIONS).getValue(),
                counters.findCounter(StatsCounters.DETECTIONS).getValue(),
                counters.findCounter(StatsCounters.BELOW_MIN_SCORE).getValue()));
        return t.toString();
    }

    private static float minScore(String text) {
        try {
            float s = Float.parseFloat(text);
            if (s >= 0 && s <= 1) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--min-score must be a number in [0, 1], got '" + text + "'");
    }
}
