package dev.argus.jobs.evaluate;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.zoo.Detector;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.DetectorEvaluation;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import dev.argus.zoo.synth.ShapesSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code argus evaluate}: COCO-style metrics (AP .50:.95, AP50, AP75, AP small/medium/large, AR100,
 * per-class AP), two ways:
 * <ul>
 *   <li>a bundle on an annotated set — a directory of images with {@code annotations.json}, or
 *       synthetic shapes of a seed generated on the fly — in this JVM ({@code --model} with
 *       {@code --data} or {@code --synthetic});
 *   <li>a detections partition that {@code argus detect} wrote, against a COCO annotation file, as a
 *       MapReduce job for big sets ({@code --root --date --detections --truth}, {@link PartitionEvaluation}).
 * </ul>
 */
public final class EvaluateTool extends CommandLineTool {

    private CocoMetrics lastMetrics;

    public EvaluateTool() {
        super("evaluate", "Score a model bundle on an annotated set with COCO metrics (AP, AP50, AP75, AP by size, "
                + "per-class AP).");
    }

    /** The metrics of the last successful run, or null. */
    public CocoMetrics lastMetrics() {
        return lastMetrics;
    }

    @Override
    protected Options options() {
        return addEngineOption(addMultiScaleOptions(new Options()), "")
                .addOption(Option.builder().longOpt("model").hasArg().argName("bundle")
                        .desc("bundle directory or .zip to run on --data or --synthetic").build())
                .addOption(Option.builder().longOpt("data").hasArg().argName("dir")
                        .desc("images + annotations.json (COCO bbox) to score on").build())
                .addOption(Option.builder().longOpt("synthetic").hasArg().argName("seed")
                        .desc("score on synthetic shapes of this seed instead (use a seed never trained on)").build())
                .addOption(Option.builder().longOpt("synthetic-set").hasArg().argName("shapes|scenes|small-objects")
                        .desc("which synthetic set: shapes (default; 128x128, 1-5 shapes of 6-48 px), scenes (640x480, "
                                + "3-12 of 10-160 px) or small-objects (640x480, 20-40 of 8-28 px)").build())
                .addOption(Option.builder().longOpt("count").hasArg().argName("n")
                        .desc("synthetic images (default 500)").build())
                .addOption(Option.builder().longOpt("batch-size").hasArg().argName("n")
                        .desc("images per network call (default 16)").build())
                .addOption(Option.builder().longOpt("root").hasArg().argName("uri")
                        .desc("partition mode: Argus layout root holding the detections").build())
                .addOption(Option.builder().longOpt("date").hasArg().argName("YYYY-MM-DD")
                        .desc("partition mode: the detections partition's date").build())
                .addOption(Option.builder().longOpt("detections").hasArg().argName("name:version")
                        .desc("partition mode: the model whose detections partition to score").build())
                .addOption(Option.builder().longOpt("truth").hasArg().argName("path")
                        .desc("partition mode: COCO annotations.json (any Hadoop file system); images matched by file name").build())
                .addOption(Option.builder().longOpt("json").hasArg().argName("file")
                        .desc("also write the metrics as JSON").build());
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        if (cmd.hasOption("root") || cmd.hasOption("detections") || cmd.hasOption("truth")) {
            return runOnPartition(cmd);
        }
        if (!cmd.hasOption("model")) {
            throw new UsageException("give --model with --data or --synthetic, or --root, --date, --detections and --truth");
        }
        boolean synthetic = cmd.hasOption("synthetic");
        if (synthetic == cmd.hasOption("data")) {
            throw new UsageException("give exactly one of --data <dir> or --synthetic <seed>");
        }
        int batch = intOption(cmd, "batch-size", 16, 1);
        Path model = Path.of(cmd.getOptionValue("model"));
        long start = System.nanoTime();
        CocoMetrics metrics;
        try {
            metrics = evaluate(cmd, model, batch);
        } catch (java.io.IOException | RuntimeException e) {
            // an unusable bundle or set (BundleException, a label the set lacks, an unreadable image)
            System.err.println("argus evaluate: " + e.getMessage());
            return 1;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.print(metrics.table());
        System.out.printf(Locale.ROOT, "%.1f s, %.1f images/s (model load included)%n", secs, metrics.images() / secs);
        if (cmd.hasOption("json")) {
            metrics.writeJson(Path.of(cmd.getOptionValue("json")));
        }
        lastMetrics = metrics;
        return 0;
    }

    private int runOnPartition(CommandLine cmd) throws Exception {
        for (String required : new String[]{"root", "date", "detections", "truth"}) {
            if (!cmd.hasOption(required)) {
                throw new UsageException("partition mode needs --root, --date, --detections and --truth; --" + required + " is missing");
            }
        }
        if (cmd.hasOption("model") || cmd.hasOption("data") || cmd.hasOption("synthetic")) {
            throw new UsageException("partition mode scores stored detections: leave out --model, --data and --synthetic");
        }
        String[] model = cmd.getOptionValue("detections").split(":", 2);
        if (model.length != 2 || model[0].isBlank() || model[1].isBlank()) {
            throw new UsageException("--detections must be name:version, got '" + cmd.getOptionValue("detections") + "'");
        }
        java.time.LocalDate date = dateOption(cmd);
        long start = System.nanoTime();
        PartitionEvaluation.Outcome outcome;
        try {
            dev.argus.layout.ArgusLayout layout = dev.argus.layout.ArgusLayout.at(cmd.getOptionValue("root"), getConf());
            outcome = PartitionEvaluation.run(getConf(), layout, model[0], model[1], date,
                    new org.apache.hadoop.fs.Path(cmd.getOptionValue("truth")));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("argus evaluate: " + e.getMessage());
            return 1;
        }
        CocoMetrics metrics = outcome.metrics();
        System.out.printf(Locale.ROOT, "%d detection records matched the annotations, %d were not annotated (skipped)%n",
                outcome.imagesMatched(), outcome.imagesNotAnnotated());
        System.out.print(metrics.table());
        System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - start) / 1e9);
        if (cmd.hasOption("json")) {
            metrics.writeJson(Path.of(cmd.getOptionValue("json")));
        }
        lastMetrics = metrics;
        return 0;
    }

    /** {@code --engine}, with ONNX Runtime on as many threads as this machine has cores. */
    private static EngineOptions engineOptions(CommandLine cmd) throws UsageException {
        return new EngineOptions(engineOption(cmd, null),
                OnnxRuntimeOptions.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors()));
    }

    private CocoMetrics evaluate(CommandLine cmd, Path model, int batch) throws Exception {
        MultiScaleOptions multiScale = multiScaleOptions(cmd);
        ShapesSpec set = syntheticSet(cmd.getOptionValue("synthetic-set", "shapes"));
        CocoMetrics metrics;
        try (ModelBundle bundle = ModelBundle.open(model);
             Detector detector = Detectors.open(bundle, Precision.FP32, multiScale, engineOptions(cmd))) {
            String name = bundle.describe() + (detector instanceof MultiScaleDetector m ? " (" + m.spec() + ")" : " (plain)");
            detector.engine().ifPresent(choice -> System.out.println("engine: " + choice));
            if (cmd.hasOption("synthetic")) {
                long seed = longOption(cmd, "synthetic", 0);
                int count = intOption(cmd, "count", 500, 1);
                System.out.printf(Locale.ROOT, "evaluating %s on %d synthetic %s images of seed %d%n",
                        name, count, set.name(), seed);
                metrics = DetectorEvaluation.onSynthetic(detector, set, seed, count, batch);
            } else {
                Path data = Path.of(cmd.getOptionValue("data"));
                if (!Files.isDirectory(data)) {
                    throw new UsageException("--data " + data + " is not a directory");
                }
                System.out.printf(Locale.ROOT, "evaluating %s on %s%n", name, data);
                metrics = DetectorEvaluation.onDataset(detector, data, batch);
            }
            if (detector instanceof MultiScaleDetector m) {
                System.out.printf(Locale.ROOT, "model passes: %d for %d images (%.1f per image) in %d model calls%n",
                        m.passes(), m.images(), (double) m.passes() / Math.max(1, m.images()), m.modelCalls());
            }
        }
        return metrics;
    }

    private static ShapesSpec syntheticSet(String name) throws UsageException {
        return switch (name) {
            case "shapes" -> ShapesSpec.shapes();
            case "scenes" -> ShapesSpec.scenes();
            case "small-objects" -> ShapesSpec.smallObjects();
            default -> throw new UsageException("--synthetic-set must be shapes, scenes or small-objects, got '" + name + "'");
        };
    }
}
