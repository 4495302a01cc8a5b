package dev.argus.jobs.detect;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.jobs.detect.model.ShippedBundle;
import dev.argus.jobs.partition.ModelChoice;
import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.jobs.partition.ExclusiveWrite;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.PartitionLease;
import dev.argus.layout.Stage;
import dev.argus.zoo.Precision;
import dev.argus.zoo.network.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.LocalDate;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;

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
 * <p>The command line becomes a {@link DetectRequest}, the request the job's {@link DetectConfig}, the
 * job is {@link DetectJob}'s, and the model travels to it as a {@link ShippedBundle}.
 *
 * <p>Exit codes: 0 done; 1 the model could not be loaded, the job failed or lost an image (nothing is
 * published then); 2 bad command line.
 */
public final class DetectTool extends CommandLineTool {

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
        Options options = addPartitionOptions(new Options(), "shard partition to run on",
                "bundle under <root>/models/; without a version, the newest")
                .addOption(Option.builder().longOpt("batch-size").hasArg().argName("n")
                        .desc("images per network call, tiles per call with multi-scale (default "
                                + DetectConfig.BATCH_SIZE.defaultValue() + ")").build())
                .addOption(Option.builder().longOpt("decode-threads").hasArg().argName("n")
                        .desc("image decode threads per task (default: one per 8 vcores of the task, at least one; "
                                + "each beyond the first is taken from the network's threads)")
                        .build())
                .addOption(Option.builder().longOpt("top-classes").hasArg().argName("n")
                        .desc("classes counted by name per task and printed (default "
                                + DetectConfig.TOP_CLASSES.defaultValue() + ")").build())
                .addOption(Option.builder().longOpt("gpu").hasArg().argName("n")
                        .desc("request n yarn.io/gpu per map task (needs a GPU cluster and the -Pgpu build); "
                                + "0, the default, requests none").build())
                .addOption(Option.builder().longOpt("precision").hasArg().argName("fp32|fp16")
                        .desc("fp32 (default) or fp16; fp16 needs ND4J's CUDA backend and is refused on CPU, "
                                + "where it is 45-80x slower").build());
        addEngineOption(options, "; -D " + DetectConfig.TENSORRT + "=true with --gpu 1 for TensorRT");
        return addMultiScaleOptions(options);
    }

    @Override
    protected String usageFooter() {
        return DetectConfig.usage();
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        LocalDate date = dateOption(cmd);
        ModelChoice model = modelOption(cmd);
        int batchSize = intOption(cmd, "batch-size", DetectConfig.BATCH_SIZE.defaultInt(), 1);
        int decodeThreads = intOption(cmd, "decode-threads", DetectConfig.DECODE_THREADS.defaultInt(), 1);
        int topClasses = intOption(cmd, "top-classes", DetectConfig.TOP_CLASSES.defaultInt(), 1);
        int gpus = intOption(cmd, "gpu", 0, 0);
        Precision precision;
        try {
            precision = Precision.parse(cmd.getOptionValue("precision", "fp32"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        try {
            ArgusLayout.at(cmd.getOptionValue("root"), getConf());
        } catch (IllegalArgumentException e) {
            throw new UsageException("root '" + cmd.getOptionValue("root") + "': " + e.getMessage());
        }
        Engine engine = engineOption(cmd, DetectConfig.ENGINE.get(getConf())); // the option, or -D
        return detect(new DetectRequest(cmd.getOptionValue("root"), date, model, batchSize, decodeThreads, topClasses,
                gpus, precision, engine, multiScaleOptions(cmd)));
    }

    /** Runs one detect; returns the exit code (see the class comment), having printed why when not 0. */
    public int detect(DetectRequest request) throws Exception {
        Configuration conf = new Configuration(getConf());
        request.applyTo(conf);
        boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME,
                MRConfig.LOCAL_FRAMEWORK_NAME));
        if (local) {
            // The tasks run in this JVM, so its backend is theirs: refuse fp16 on CPU now, with the reason.
            try {
                request.precision().requireSupportedHere();
            } catch (UnsupportedOperationException e) {
                System.err.println("argus detect: --precision " + conf.get(DetectConfig.PRECISION.key()) + ": "
                        + e.getMessage());
                return USAGE_ERROR;
            }
        }

        ArgusLayout layout = ArgusLayout.at(request.root(), conf);
        LocalDate date = request.date();
        Path shards = layout.shards(date);
        if (!layout.isComplete(shards)) {
            System.err.println("argus detect: no complete shard partition at " + shards + " (run argus ingest for "
                    + date + " first)");
            return 1;
        }
        ModelChoice model;
        try {
            model = request.model().resolve(layout);
            if (DetectConfig.CHECK_MODEL.getBoolean(conf)) {
                // A gateway without GPUs checks the bundle in fp32 on CPU; the GPU tasks apply precision and GPU.
                Configuration check = new Configuration(conf);
                if (!local) {
                    DetectConfig.PRECISION.set(check, "fp32");
                    check.unset(DetectConfig.GPUS);
                }
                ShippedBundle.checkLoads(layout.fileSystem(), layout.model(model.name(), model.version()), check);
            }
        } catch (ModelLoadException e) {
            System.err.println("argus detect: " + e.getMessage());
            return 1;
        }

        String job = ArgusLayout.detectJob(model.name(), model.version());
        List<Path> errors = new ArrayList<>();
        for (Stage stage : Stage.DETECT) {
            errors.add(layout.errors(stage, date, job));
        }
        ModelChoice resolved = model;
        layout.staleness(layout.detections(model.name(), model.version(), date))
                .ifPresent(why -> System.out.println("argus detect: replacing " + why));
        return ExclusiveWrite.run("detect", layout, conf, "argus detect " + model + " dt=" + date,
                layout.detections(model.name(), model.version(), date), errors,
                "detect-" + model.name() + "-" + model.version() + "-" + date,
                (lease, staging) -> detect(conf, layout, resolved, date, staging, request.topClasses(), lease));
    }

    private int detect(Configuration conf, ArgusLayout layout, ModelChoice model, LocalDate date, Path staging,
            int topClasses, PartitionLease lease) throws IOException, InterruptedException, ClassNotFoundException {
        long started = System.currentTimeMillis();
        // what the results will be built from, taken before the job reads it
        Map<String, String> builtFrom = layout.identities(layout.shards(date), layout.model(model.name(), model.version()));
        Path output = new Path(staging, "out");
        Job job = DetectJob.create(conf, layout, model, date, output);
        System.out.println("argus detect " + model + " dt=" + date + ": " + layout.shards(date));
        job.submit();
        if (!ProgressBar.follow(job, System.out)) {
            System.err.println("argus detect: the MapReduce job " + job.getJobID() + " failed: "
                    + DetectJob.failureOf(job) + "; nothing was published");
            return 1;
        }
        DetectSummary summary = DetectSummary.from(job.getCounters(), System.currentTimeMillis() - started);
        if (!summary.accountsForEveryImage()) {
            System.err.println("argus detect: " + summary.imagesRead() + " images read but " + summary.detected()
                    + " detected + " + (summary.failedDecode() + summary.failedInference())
                    + " failed; nothing was published. Please report this.");
            return 1;
        }
        lease.checkHeld();
        DetectJob.publish(layout, model, date, staging, output, builtFrom);
        lastSummary = summary;
        System.out.println("argus detect " + model + " dt=" + date + " -> "
                + layout.detections(model.name(), model.version(), date));
        System.out.print(summary.toTable(topClasses));
        return 0;
    }
}
