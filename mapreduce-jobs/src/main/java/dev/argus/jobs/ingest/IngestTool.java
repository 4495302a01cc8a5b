package dev.argus.jobs.ingest;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.NLineInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.util.StringUtils;
import org.apache.hadoop.util.ToolRunner;

import dev.argus.jobs.partition.ExclusiveWrite;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.Lineage;
import dev.argus.layout.PartitionLease;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/**
 * {@code argus ingest}: packs image files into the Avro shards of one date partition.
 *
 * <pre>
 * input tree or listing ─▶ manifest (driver) ─▶ map: read, hash, inspect ─▶ shuffle by SHA-256
 *   ─▶ reduce: keep one copy per image, one shard per reducer ─▶ staging ─▶ publish shards + errors
 * </pre>
 *
 * Exit codes: 0 done, 1 the job or the publish failed (the partition is left as it was), 2 bad
 * command line.
 */
public class IngestTool extends CommandLineTool {

    public static final String SHARD_BYTES = "argus.ingest.shard.bytes";
    public static final long DEFAULT_SHARD_BYTES = 128L << 20;
    /** About how many bytes of images one map task reads; below a shard so decoding spreads out. */
    public static final String MAP_BYTES = "argus.ingest.map.bytes";
    public static final long DEFAULT_MAP_BYTES = 32L << 20;
    public static final String MAX_PIXELS = "argus.ingest.max.pixels";
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final String MAX_FILE_BYTES = "argus.ingest.max.file.bytes";
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** Whether each image is fully decoded (subsampled) to catch truncated or corrupt data. */
    public static final String DECODE_CHECK = "argus.ingest.decode.check";
    /** Whether the decode check reads JPEGs natively (libjpeg-turbo at 1/8 scale); false: ImageIO, as before. */
    public static final String NATIVE_CHECK = "argus.ingest.decode.check.native";
    /** Avro codec of the shards: null (default), snappy, deflate, ... */
    public static final String CODEC = "argus.ingest.codec";
    public static final String DEFAULT_CODEC = "null";
    /** Whether a run that packs no image may replace a partition that has some (--allow-empty). */
    public static final String ALLOW_EMPTY = "argus.ingest.allow.empty";
    static final String INGESTED_AT = "argus.ingest.ingested.at";

    private IngestSummary lastSummary;

    public IngestTool() {
        super("ingest", "Packs images into Avro shards under <root>/shards/dt=<date>/.");
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new IngestTool(), args));
    }

    /** The summary of the last successful {@link #run}, or null. */
    public IngestSummary lastSummary() {
        return lastSummary;
    }

    @Override
    protected int run(CommandLine cli) throws Exception {
        Configuration conf = new Configuration(getConf());
        LocalDate date = dateOption(cli);
        Map<String, String> attributes = new LinkedHashMap<>();
        try {
            if (cli.hasOption("shard-size")) {
                conf.setLong(SHARD_BYTES, positive("--shard-size", cli.getOptionValue("shard-size")));
            }
            if (cli.hasOption("max-pixels")) {
                conf.setLong(MAX_PIXELS, positive("--max-pixels", cli.getOptionValue("max-pixels")));
            }
            for (String keyValue : cli.getOptionValues("attr") == null ? new String[0] : cli.getOptionValues("attr")) {
                Map.Entry<String, String> a = ManifestEntry.parseAttribute(keyValue);
                attributes.put(a.getKey(), a.getValue());
            }
            codec(conf); // fail now on a misspelt codec, not in every reducer
            if (cli.hasOption("allow-empty")) {
                conf.setBoolean(ALLOW_EMPTY, true);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        return ingest(conf, cli.getOptionValue("root"), date, new Path(cli.getOptionValue("input")), attributes);
    }

    /**
     * Packs {@code input} (a directory tree or a listing) into {@code date}'s shards under {@code root},
     * every image carrying {@code attributes}, with this tool's configuration (the {@code argus.ingest.*}
     * settings); returns the exit code of the command, having printed why when not 0.
     */
    public int ingest(String root, LocalDate date, Path input, Map<String, String> attributes) throws Exception {
        return ingest(new Configuration(getConf()), root, date, input, attributes);
    }

    private int ingest(Configuration conf, String root, LocalDate date, Path input, Map<String, String> attributes)
            throws Exception {
        ArgusLayout layout;
        try {
            layout = ArgusLayout.at(root, conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("root '" + root + "': " + e.getMessage());
        }
        Path shards = layout.shards(date);
        Path errors = layout.errors(Stage.INGEST, date, ArgusLayout.INGEST_JOB);
        return ExclusiveWrite.run("ingest", layout, conf, "argus ingest dt=" + date, shards, List.of(errors),
                "ingest-" + date, (lease, staging) -> {
                    try {
                        return ingest(conf, input, attributes, layout, date, staging, lease);
                    } catch (IllegalArgumentException e) {
                        System.err.println("argus ingest: " + e.getMessage());
                        return USAGE_ERROR;
                    }
                });
    }

    private int ingest(Configuration conf, Path input, Map<String, String> attributes, ArgusLayout layout,
            LocalDate date, Path staging, PartitionLease lease) throws Exception {
        long started = System.currentTimeMillis();
        Path manifest = new Path(staging, "manifest.txt");
        IngestManifest.Totals totals = IngestManifest.write(input, attributes, manifest, conf);

        Path jobOutput = new Path(staging, "out");
        Job job = createJob(conf, manifest, jobOutput, totals, date, started);
        if (!job.waitForCompletion(true)) {
            System.err.println("argus ingest: the MapReduce job " + job.getJobID() + " failed ("
                    + firstFailure(job) + "); " + layout.shards(date) + " is left as it was");
            return 1;
        }

        IngestSummary summary = IngestSummary.from(job.getCounters(), System.currentTimeMillis() - started);
        if (summary.packed() == 0 && !conf.getBoolean(ALLOW_EMPTY, false) && hasImages(layout, date)) {
            System.err.println("argus ingest: " + input + " gave no image to pack; refusing to replace "
                    + layout.relative(layout.shards(date)) + ", which has images, with an empty partition "
                    + "(--allow-empty does it)");
            return 1;
        }

        // The reducers wrote errors next to the shards; they form a partition of their own.
        FileSystem fs = layout.fileSystem();
        Path errors = new Path(staging, "errors");
        Path errorsOutput = new Path(jobOutput, IngestReducer.ERRORS_DIR);
        if (fs.exists(errorsOutput)) {
            if (!fs.rename(errorsOutput, errors)) {
                throw new IOException("could not move " + errorsOutput + " to " + errors);
            }
        } else {
            fs.mkdirs(errors); // no errors is a result too, and it must replace an older run's errors
        }
        lease.checkHeld();
        // one journal for both, shards last: a publish killed half way is finished for both together
        Lineage lineage = Lineage.builtFrom(Map.of());
        layout.publishTogether(List.of(
                new ArgusLayout.Publication(errors, layout.errors(Stage.INGEST, date, ArgusLayout.INGEST_JOB), lineage),
                new ArgusLayout.Publication(jobOutput, layout.shards(date), lineage)));

        lastSummary = summary;
        System.out.println("argus ingest dt=" + date + " -> " + layout.shards(date));
        System.out.print(lastSummary.toTable());
        if (!lastSummary.accountsForEveryInput()) {
            System.err.println("argus ingest: packed + duplicates + errors != input files; please report this");
            return 1;
        }
        return 0;
    }

    /** Whether the date's published shards hold at least one record (an empty run writes no shard file). */
    private static boolean hasImages(ArgusLayout layout, LocalDate date) throws IOException {
        Path shards = layout.shards(date);
        return layout.isComplete(shards) && !ShardReader.dataFiles(layout.fileSystem(), shards).isEmpty();
    }

    private Job createJob(Configuration conf, Path manifest, Path output, IngestManifest.Totals totals,
            LocalDate date, long started) throws IOException {
        long shardBytes = conf.getLong(SHARD_BYTES, DEFAULT_SHARD_BYTES);
        long mapBytes = conf.getLong(MAP_BYTES, DEFAULT_MAP_BYTES);
        int reducers = (int) Math.max(1, ceilDiv(totals.bytes(), shardBytes));
        long maps = Math.max(1, Math.min(totals.files(), ceilDiv(totals.bytes(), mapBytes)));
        int linesPerMap = (int) Math.max(1, ceilDiv(totals.files(), maps));

        conf.setLong(INGESTED_AT, started);
        conf.setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false); // ArgusLayout.publish writes it
        int cores = Runtime.getRuntime().availableProcessors();
        conf.setIfUnset("mapreduce.local.map.tasks.maximum", Integer.toString(cores)); // local runner only
        conf.setIfUnset("mapreduce.local.reduce.tasks.maximum", Integer.toString(cores));
        // waitForCompletion notices the end once per poll (1 s by default): a short local job would idle
        conf.setIfUnset("mapreduce.client.progressmonitor.pollinterval", "200");

        Job job = Job.getInstance(conf, "argus ingest dt=" + date);
        job.setJarByClass(IngestTool.class);

        job.setInputFormatClass(NLineInputFormat.class);
        NLineInputFormat.setNumLinesPerSplit(job, linesPerMap);
        FileInputFormat.addInputPath(job, manifest);
        job.setMapperClass(IngestMapper.class);
        job.setMapOutputKeyClass(Text.class);
        AvroJob.setMapOutputValueSchema(job, Schema.createUnion(ImageRecord.getClassSchema(), ImageError.getClassSchema()));
        AvroJob.setDataModelClass(job, SpecificData.class);

        job.setReducerClass(IngestReducer.class);
        job.setNumReduceTasks(reducers);
        AvroJob.setOutputKeySchema(job, ImageRecord.getClassSchema());
        LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class); // no empty shards
        AvroMultipleOutputs.addNamedOutput(job, IngestReducer.ERRORS_OUTPUT, AvroKeyOutputFormat.class,
                ImageError.getClassSchema());
        codec(conf);
        String codecName = conf.get(CODEC, DEFAULT_CODEC);
        boolean compress = !codecName.equals("null");
        FileOutputFormat.setCompressOutput(job, compress);
        if (compress) {
            job.getConfiguration().set(AvroJob.CONF_OUTPUT_CODEC, codecName);
        }
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    /**
     * The first line of the first failed task's diagnostics, which names the cause where the job
     * status does not. The local runner keeps no diagnostics; there the cause is only in its log.
     */
    private static String firstFailure(Job job) {
        try {
            for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
                if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
                    for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
                        return diagnostic.lines().findFirst().orElse(diagnostic);
                    }
                }
            }
            return "the task log has the cause";
        } catch (IOException | InterruptedException e) {
            return "its diagnostics could not be read: " + e.getMessage();
        }
    }

    private static CodecFactory codec(Configuration conf) {
        String name = conf.get(CODEC, DEFAULT_CODEC);
        try {
            return CodecFactory.fromString(name);
        } catch (AvroRuntimeException e) {
            throw new IllegalArgumentException(CODEC + " '" + name + "' is not an Avro codec (null, snappy, deflate, ...)");
        }
    }

    /** A positive count, with Hadoop's size suffixes (k, m, g, ...) allowed. */
    private static long positive(String option, String text) {
        long value;
        try {
            value = StringUtils.TraditionalBinaryPrefix.string2long(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number (suffixes k, m, g allowed)");
        }
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + text);
        }
        return value;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    protected Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("input").hasArg().argName("dir|listing").required()
                .desc("directory tree of images, or a text file of URIs (one per line, optional tab-separated key=value)").build());
        o.addOption(Option.builder().longOpt("root").hasArg().argName("uri").required().desc("Argus layout root").build());
        o.addOption(Option.builder().longOpt("date").hasArg().argName("YYYY-MM-DD").required().desc("partition date").build());
        o.addOption(Option.builder().longOpt("shard-size").hasArg().argName("bytes")
                .desc("target shard size, e.g. 128m (default 128m)").build());
        o.addOption(Option.builder().longOpt("max-pixels").hasArg().argName("N")
                .desc("reject images whose header claims more pixels (default " + DEFAULT_MAX_PIXELS + ")").build());
        o.addOption(Option.builder().longOpt("allow-empty")
                .desc("let a run that packs no image replace a partition that has images").build());
        o.addOption(Option.builder().longOpt("attr").hasArgs().argName("key=value")
                .desc("attribute for every image (repeatable; a listing's own attributes win)").build());
        return o;
    }

    @Override
    protected String usageFooter() {
        return "-D options: " + CODEC + " (default null), " + DECODE_CHECK + " (default true), " + NATIVE_CHECK + " (default true), " + MAX_FILE_BYTES
                + ", " + MAP_BYTES + ", and any Hadoop setting.";
    }


}
