package dev.argus.jobs.detect;

import dev.argus.layout.cli.CommandLineTool;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Precision;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.specific.SpecificData;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * {@code argus detect}: runs a model over one date's shards.
 *
 * <pre>
 * shards/dt=D ─▶ map: decode (threads) ‖ model (batches) ─▶ staging: part-m-* (ImageDetections),
 *   decode-m-*, inference-m-* (ImageError) ─▶ publish errors/stage=decode, errors/stage=inference,
 *   then detections/model=M/version=V/dt=D (each with _SUCCESS written last)
 * </pre>
 *
 * <p>Publishing order is the consistency rule: a run's errors partitions are replaced first and its
 * detections partition last, so a detections partition with {@code _SUCCESS} always has the errors of
 * the same run beside it. Readers trust a run only through its detections {@code _SUCCESS}; a run that
 * dies between the two publishes leaves the previous detections in place (and no marker is ever
 * written for half a partition).
 *
 * <p>Exit codes: 0 done; 1 the model could not be loaded, the job failed or lost an image (nothing is
 * published then); 2 bad command line.
 */
public final class DetectTool extends CommandLineTool {

    /** Whether the driver loads the model before submitting (default true); see {@link #checkModelLoads}. */
    public static final String CHECK_MODEL = "argus.detect.check.model";

    private DetectSummary lastSummary;

    public DetectTool() {
        super("detect", "Run an object detector over the image shards of one date; write per-image detections "
                + "and errors into their layout partitions.");
    }

    /** The summary of the last successful run, or null. */
    public DetectSummary lastSummary() {
        return lastSummary;
    }

    @Override
    protected Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("root").hasArg().argName("uri").required()
                        .desc("Argus layout root (any Hadoop file system)").build())
                .addOption(Option.builder().longOpt("date").hasArg().argName("YYYY-MM-DD").required()
                        .desc("shard partition to run on").build())
                .addOption(Option.builder().longOpt("model").hasArg().argName("name[:version]").required()
                        .desc("bundle under <root>/models/; without a version, the newest").build())
                .addOption(Option.builder().longOpt("batch-size").hasArg().argName("n")
                        .desc("images per network call (default " + DetectMapper.DEFAULT_BATCH_SIZE + ")").build())
                .addOption(Option.builder().longOpt("decode-threads").hasArg().argName("n")
                        .desc("image decode threads per task (default " + DetectMapper.DEFAULT_DECODE_THREADS + ")").build())
                .addOption(Option.builder().longOpt("top-classes").hasArg().argName("n")
                        .desc("classes counted by name per task and printed (default "
                                + DetectMapper.DEFAULT_TOP_CLASSES + ")").build())
                .addOption(Option.builder().longOpt("gpu").hasArg().argName("n")
                        .desc("request n yarn.io/gpu per map task (needs a GPU cluster and the -Pgpu build); "
                                + "0, the default, requests none").build())
                .addOption(Option.builder().longOpt("engine").hasArg().argName("auto|onnxruntime|dl4j")
                        .desc("what runs the network (default: the bundle's, else auto: ONNX Runtime where the bundle"
                                + " has an ONNX form); -D " + ZooDetectorLoader.TENSORRT + "=true with --gpu 1 for TensorRT")
                        .build())
                .addOption(Option.builder().longOpt("precision").hasArg().argName("fp32|fp16")
                        .desc("fp32 (default) or fp16; fp16 needs ND4J's CUDA backend and is refused on CPU, "
                                + "where it is 45-80x slower").build())
                .addOption(Option.builder().longOpt("slice").hasArg().argName("SIZE[/OVERLAP]|off")
                        .desc("sliced inference for small objects: tiles of SIZE px overlapping by OVERLAP (default 0.2) "
                                + "plus a whole-image pass; replaces the bundle's default").build())
                .addOption(Option.builder().longOpt("pyramid").hasArg().argName("1,2,...|off")
                        .desc("image pyramid: zoom levels over the plain pass (2 = windows of half the image)").build())
                .addOption(Option.builder().longOpt("merge").hasArg().argName("nms|nmm-iou|nmm-ios")
                        .desc("how the tiles' detections are joined (default nms)").build())
                .addOption(Option.builder().longOpt("max-tiles").hasArg().argName("n")
                        .desc("model passes allowed per image (default 64; the log says what each image size costs)").build());
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        Configuration conf = new Configuration(getConf());
        LocalDate date;
        ModelChoice choice;
        try {
            date = ArgusLayout.parseDate(cmd.getOptionValue("date"));
            choice = ModelChoice.parse(cmd.getOptionValue("model"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        conf.setInt(DetectMapper.BATCH_SIZE, positive(cmd, "batch-size", DetectMapper.DEFAULT_BATCH_SIZE));
        conf.setInt(DetectMapper.DECODE_THREADS, positive(cmd, "decode-threads", DetectMapper.DEFAULT_DECODE_THREADS));
        int topClasses = positive(cmd, "top-classes", DetectMapper.DEFAULT_TOP_CLASSES);
        conf.setInt(DetectMapper.TOP_CLASSES, topClasses);
        // --gpu 0 asks for none: a cluster without the yarn.io/gpu resource type refuses the key itself.
        int gpus = nonNegative(cmd, "gpu", 0);
        if (gpus > 0) {
            conf.setInt("mapreduce.map.resource.yarn.io/gpu", gpus);
        }
        Precision precision;
        try {
            precision = Precision.parse(cmd.getOptionValue("precision", "fp32"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        conf.set(ZooDetectorLoader.PRECISION, precision.name().toLowerCase(java.util.Locale.ROOT));
        String engine = cmd.getOptionValue("engine", conf.get(ZooDetectorLoader.ENGINE)); // the option, or -D
        if (engine != null) {
            try {
                conf.set(ZooDetectorLoader.ENGINE, dev.argus.zoo.network.Engine.parse(engine).cliName());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage());
            }
        }
        setMultiScale(cmd, conf);
        boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME,
                MRConfig.LOCAL_FRAMEWORK_NAME));
        if (local) {
            // The tasks run in this JVM, so its backend is theirs: refuse fp16 on CPU now, with the reason.
            try {
                precision.requireSupportedHere();
            } catch (UnsupportedOperationException e) {
                System.err.println("argus detect: --precision " + cmd.getOptionValue("precision") + ": " + e.getMessage());
                return USAGE_ERROR;
            }
        }

        ArgusLayout layout = ArgusLayout.at(cmd.getOptionValue("root"), conf);
        Path shards = layout.shards(date);
        if (!layout.isComplete(shards)) {
            System.err.println("argus detect: no complete shard partition at " + shards + " (run argus ingest for "
                    + date + " first)");
            return 1;
        }
        ModelChoice model;
        try {
            model = choice.resolve(layout);
            if (conf.getBoolean(CHECK_MODEL, true)) {
                // A gateway without GPUs checks the bundle in fp32; the GPU tasks apply the precision.
                Configuration check = new Configuration(conf);
                if (!local) {
                    check.set(ZooDetectorLoader.PRECISION, "fp32");
                    check.unset(ZooDetectorLoader.GPUS);
                }
                checkModelLoads(layout, model, check);
            }
        } catch (ModelLoadException e) {
            System.err.println("argus detect: " + e.getMessage());
            return 1;
        }

        Path staging = layout.newStagingDir("detect-" + model.name() + "-" + model.version() + "-" + date);
        try {
            return detect(conf, layout, model, date, staging, topClasses);
        } finally {
            layout.fileSystem().delete(staging, true);
        }
    }

    private int detect(Configuration conf, ArgusLayout layout, ModelChoice model, LocalDate date, Path staging,
            int topClasses) throws Exception {
        long started = System.currentTimeMillis();
        Path output = new Path(staging, "out");
        Job job = createJob(conf, layout, model, date, output);
        System.out.println("argus detect " + model + " dt=" + date + ": " + layout.shards(date));
        job.submit();
        if (!ProgressBar.follow(job, System.out)) {
            System.err.println("argus detect: the MapReduce job " + job.getJobID() + " failed: " + failureOf(job)
                    + "; nothing was published");
            return 1;
        }
        DetectSummary summary = DetectSummary.from(job.getCounters(), System.currentTimeMillis() - started);
        if (!summary.accountsForEveryImage()) {
            System.err.println("argus detect: " + summary.imagesRead() + " images read but " + summary.detected()
                    + " detected + " + (summary.failedDecode() + summary.failedInference())
                    + " failed; nothing was published. Please report this.");
            return 1;
        }
        publish(layout, model, date, staging, output);
        lastSummary = summary;
        System.out.println("argus detect " + model + " dt=" + date + " -> " + layout.detections(model.name(), model.version(), date));
        System.out.print(summary.toTable(topClasses));
        return 0;
    }

    private Job createJob(Configuration conf, ArgusLayout layout, ModelChoice model, LocalDate date, Path output)
            throws IOException {
        conf.set(DetectMapper.MODEL_NAME, model.name());
        conf.set(DetectMapper.MODEL_VERSION, model.version());
        conf.setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false); // ArgusLayout.publish writes it
        ThreadBudget.forMapTask(conf).exportTo(conf);

        Job job = Job.getInstance(conf, "argus detect " + model + " dt=" + date);
        job.setJarByClass(DetectTool.class);
        job.setInputFormatClass(AvroKeyInputFormat.class);
        AvroJob.setInputKeySchema(job, ImageRecord.getClassSchema());
        AvroJob.setDataModelClass(job, SpecificData.class);
        FileInputFormat.addInputPath(job, layout.shards(date));
        job.setMapperClass(DetectMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(AvroKey.class);
        job.setOutputValueClass(NullWritable.class);
        job.setOutputFormatClass(DetectOutputFormat.class);
        FileOutputFormat.setCompressOutput(job, true);
        job.getConfiguration().setIfUnset(AvroJob.CONF_OUTPUT_CODEC, "deflate");
        FileOutputFormat.setOutputPath(job, output);
        ShippedBundle.ship(job, layout.model(model.name(), model.version()));
        return job;
    }

    /**
     * Loads the model here before submitting, so a bundle that cannot load fails the run in seconds with
     * the loader's message rather than after every map attempt failed. In local mode the tasks run in
     * this JVM and reuse what was loaded here; for a cluster the bundle is first copied to local disk.
     */
    private static void checkModelLoads(ArgusLayout layout, ModelChoice model, Configuration conf) throws IOException {
        Path bundle = layout.model(model.name(), model.version());
        FileSystem fs = layout.fileSystem();
        if (fs instanceof LocalFileSystem || "file".equals(fs.getUri().getScheme())) {
            LoadedDetectors.obtain(java.nio.file.Path.of(bundle.toUri()), conf);
            return;
        }
        java.nio.file.Path local = Files.createTempDirectory("argus-model-check-");
        try {
            fs.copyToLocalFile(false, bundle, new Path(local.toUri()), true);
            LoadedDetectors.obtain(local.resolve(bundle.getName()), conf);
        } finally {
            org.apache.hadoop.fs.FileUtil.fullyDelete(local.toFile());
        }
    }

    /** Errors partitions first, detections last: see the class comment. */
    private static void publish(ArgusLayout layout, ModelChoice model, LocalDate date, Path staging, Path output)
            throws IOException {
        FileSystem fs = layout.fileSystem();
        String job = ArgusLayout.detectJob(model.name(), model.version());
        for (FailedStage stage : FailedStage.values()) {
            Path errors = new Path(staging, "errors-" + stage.partitionName());
            fs.mkdirs(errors); // no errors is a result too, and it must replace an older run's errors
            String prefix = DetectOutputFormat.errorFilePrefix(stage) + "-";
            for (FileStatus file : fs.listStatus(output, p -> p.getName().startsWith(prefix))) {
                Path target = new Path(errors, file.getPath().getName());
                if (!fs.rename(file.getPath(), target)) {
                    throw new IOException("could not move " + file.getPath() + " to " + target);
                }
            }
            layout.publish(errors, layout.errors(stage.partitionName(), date, job));
        }
        layout.publish(output, layout.detections(model.name(), model.version(), date));
    }

    /** The job's failure info plus the first failed task's diagnostics (the exception a user needs to see). */
    private static String failureOf(Job job) throws IOException, InterruptedException {
        StringBuilder why = new StringBuilder(String.valueOf(job.getStatus().getFailureInfo()));
        for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 100)) {
            if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
                String[] diagnostics = job.getTaskDiagnostics(event.getTaskAttemptId());
                if (diagnostics != null && diagnostics.length > 0) {
                    why.append("; ").append(event.getTaskAttemptId()).append(": ").append(diagnostics[0].lines().findFirst().orElse(""));
                    return why.toString();
                }
            }
        }
        // the LocalJobRunner keeps no task diagnostics; it logs the task's exception instead
        return why.append(" (the failed task's exception is logged above)").toString();
    }

    /** Checks the multiscale options here, then passes them as typed to the tasks' loader. */
    private static void setMultiScale(CommandLine cmd, Configuration conf) throws UsageException {
        try {
            new MultiScaleOptions(cmd.getOptionValue("slice"), cmd.getOptionValue("pyramid"),
                    cmd.getOptionValue("merge"), cmd.getOptionValue("max-tiles"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        String[][] options = {{"slice", ZooDetectorLoader.SLICE}, {"pyramid", ZooDetectorLoader.PYRAMID},
                {"merge", ZooDetectorLoader.MERGE}, {"max-tiles", ZooDetectorLoader.MAX_TILES}};
        for (String[] o : options) {
            if (cmd.hasOption(o[0])) {
                conf.set(o[1], cmd.getOptionValue(o[0]));
            }
        }
    }

    private static int nonNegative(CommandLine cmd, String option, int dflt) throws UsageException {
        String text = cmd.getOptionValue(option);
        if (text == null) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be 0 or a positive integer, got '" + text + "'");
    }

    private static int positive(CommandLine cmd, String option, int dflt) throws UsageException {
        String text = cmd.getOptionValue(option);
        if (text == null) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a positive integer, got '" + text + "'");
    }
}
