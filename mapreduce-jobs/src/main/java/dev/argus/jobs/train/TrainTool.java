package dev.argus.jobs.train;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.detr.Attention;
import dev.argus.zoo.detr.DetrOptions;
import dev.argus.zoo.detr.PositionEncoding;
import dev.argus.zoo.detr.QueryKind;
import dev.argus.zoo.train.Augmentation;
import dev.argus.zoo.train.Trainer;
import dev.argus.zoo.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code argus train}: trains a YOLO or CenterNet detector (SPP and FPN switchable) on the synthetic
 * shapes or on a directory of images with COCO-style {@code annotations.json}, and writes a bundle that
 * {@code argus detect} and {@code argus evaluate} take as is. Runs in this JVM (training is not a
 * MapReduce job); checkpoints every N iterations into the run directory, which {@code --resume} picks up.
 */
public final class TrainTool extends CommandLineTool {

    public TrainTool() {
        super("train", "Train a detector (YOLO, anchor-free CenterNet or DETR-lite; SPP/FPN switchable) into a model bundle. "
                + "Writes <run>/checkpoint/ every N iterations and <run>/bundle/ at the end.");
    }

    @Override
    protected Options options() {
        TrainingConfig d = TrainingConfig.defaults();
        return new Options()
                .addOption(Option.builder().longOpt("run").hasArg().argName("dir").required()
                        .desc("run directory: checkpoint/ and, at the end, bundle/").build())
                .addOption(Option.builder().longOpt("export").hasArg().argName("dir").desc("write a bundle from the run's "
                        + "latest checkpoint into <dir> and exit (the run may still be going); --score-threshold applies").build())
                .addOption(Option.builder().longOpt("resume").desc("continue the run in --run from its checkpoint "
                        + "(its saved settings; only --iterations may change)").build())
                .addOption(Option.builder().longOpt("data").hasArg().argName("dir|synthetic:shapes:SEED")
                        .desc("a directory with images + annotations.json (COCO bbox), or synthetic shapes from a seed "
                                + "(default " + d.data() + ")").build())
                .addOption(opt("name", "bundle name (default <data>-<architecture>)"))
                .addOption(opt("head", "yolo (multi-scale, the default), yolo2 (DL4J's Yolo2OutputLayer), centernet or detr"))
                .addOption(opt("queries", "detr: object queries, the most boxes per image (default " + DetrOptions.defaults().queries() + ")"))
                .addOption(opt("positions", "detr: rope (2D rotary on queries/keys) or sine (DETR's 2D table) (default "
                        + DetrOptions.defaults().positions().id() + ")"))
                .addOption(opt("attention", "detr: tiled (online softmax over key blocks) or plain (default "
                        + DetrOptions.defaults().attention().id() + ")"))
                .addOption(opt("query-kind", "detr: learned (DETR's query positions) or anchored (each query a fixed "
                        + "point of a grid, boxes predicted from it) (default " + DetrOptions.defaults().queryKind().id() + ")"))
                .addOption(opt("tile", "detr: keys per attention tile (default " + DetrOptions.defaults().tile() + ")"))
                .addOption(opt("encoder-layers", "detr: transformer encoder layers (default " + DetrOptions.defaults().encoderLayers() + ")"))
                .addOption(opt("decoder-layers", "detr: transformer decoder layers (default " + DetrOptions.defaults().decoderLayers() + ")"))
                .addOption(Option.builder().longOpt("init-from").hasArg().argName("bundle")
                        .desc("start layers of the same name and shape from this trained dl4j-graph bundle "
                                + "(e.g. a CenterNet bundle's backbone and neck for a DETR head)").build())
                .addOption(Option.builder().longOpt("no-spp").desc("leave out the SPP block").build())
                .addOption(Option.builder().longOpt("no-fpn").desc("leave out the FPN merge (plain upsampling)").build())
                .addOption(opt("input-size", "square input side in pixels, a multiple of 16 (default " + d.inputSize() + ")"))
                .addOption(opt("width", "backbone base width in channels (default " + d.width() + ")"))
                .addOption(opt("batch-size", "images per iteration (default " + d.batchSize() + ")"))
                .addOption(opt("iterations", "total iterations (default " + d.iterations() + ")"))
                .addOption(opt("lr", "peak learning rate, Adam (default " + d.learningRate() + ")"))
                .addOption(opt("warmup", "warm-up iterations before the cosine decay (default " + d.warmup() + ")"))
                .addOption(Option.builder().longOpt("no-augment").desc("train without flip/scale/colour jitter").build())
                .addOption(opt("seed", "weights and augmentation seed (default " + d.seed() + ")"))
                .addOption(opt("checkpoint-every", "iterations between checkpoints (default " + d.checkpointEvery() + ")"))
                .addOption(opt("progress-every", "iterations between progress lines (default " + d.progressEvery() + ")"))
                .addOption(opt("score-threshold", "the bundle decoder's minimum score (default " + d.scoreThreshold() + ")"));
    }

    private static Option opt(String name, String desc) {
        return Option.builder().longOpt(name).hasArg().argName("value").desc(desc).build();
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        Path run = Path.of(cmd.getOptionValue("run"));
        Trainer trainer = new Trainer(run, System.out);
        if (cmd.hasOption("export")) {
            try {
                trainer.exportCheckpoint(Path.of(cmd.getOptionValue("export")), doubleOpt(cmd, "score-threshold", Double.NaN));
                return 0;
            } catch (java.io.IOException | IllegalStateException | IllegalArgumentException e) {
                System.err.println("argus train: " + e.getMessage());
                return 1;
            }
        }
        Trainer.TrainingResult result;
        try {
            result = cmd.hasOption("resume") ? trainer.resume(intOption(cmd, "iterations", 0)) : trainer.train(config(cmd));
        } catch (java.io.IOException | IllegalStateException | IllegalArgumentException e) {
            // bad data, an unusable run directory, a diverged loss: one line, not a stack trace
            System.err.println("argus train: " + e.getMessage());
            return 1;
        }
        System.out.printf(Locale.ROOT, "done: %d iterations, loss %.4f -> %.4f, %.1f img/s; bundle %s%n",
                result.iterations(), result.firstLoss(), result.lastLoss(), result.imagesPerSecond(), result.bundle());
        return 0;
    }

    static TrainingConfig config(CommandLine cmd) throws UsageException {
        TrainingConfig d = TrainingConfig.defaults();
        DetectorArchitecture.Head head;
        try {
            head = DetectorArchitecture.Head.parse(cmd.getOptionValue("head", "yolo"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        boolean spp = !cmd.hasOption("no-spp");
        boolean fpn = !cmd.hasOption("no-fpn");
        String data = cmd.getOptionValue("data", d.data());
        DetrOptions detr = head == DetectorArchitecture.Head.DETR ? detrOptions(cmd) : null;
        String arch = new DetectorArchitecture(head, spp, fpn, d.inputSize(), d.width(), 1, detr).name();
        String dataName = data.startsWith(TrainingConfig.SYNTHETIC_PREFIX) ? "shapes" : Path.of(data).getFileName().toString();
        try {
            TrainingConfig config = new TrainingConfig(cmd.getOptionValue("name", dataName + "-" + arch), head, spp, fpn,
                    intOption(cmd, "input-size", d.inputSize()), intOption(cmd, "width", d.width()), data,
                    intOption(cmd, "batch-size", d.batchSize()), intOption(cmd, "iterations", d.iterations()),
                    doubleOpt(cmd, "lr", d.learningRate()), intOption(cmd, "warmup", d.warmup()), d.finalLrFraction(),
                    cmd.hasOption("no-augment") ? Augmentation.NONE : Augmentation.DEFAULT,
                    intOption(cmd, "seed", (int) d.seed()), intOption(cmd, "checkpoint-every", d.checkpointEvery()),
                    intOption(cmd, "progress-every", d.progressEvery()), doubleOpt(cmd, "score-threshold", d.scoreThreshold()),
                    detr, cmd.getOptionValue("init-from"));
            config.architecture(1); // checks the input size and width before any data is read
            return config;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static DetrOptions detrOptions(CommandLine cmd) throws UsageException {
        DetrOptions d = DetrOptions.defaults();
        try {
            return new DetrOptions(intOption(cmd, "queries", d.queries()), d.heads(),
                    intOption(cmd, "encoder-layers", d.encoderLayers()), intOption(cmd, "decoder-layers", d.decoderLayers()),
                    cmd.hasOption("positions") ? PositionEncoding.parse(cmd.getOptionValue("positions")) : d.positions(),
                    cmd.hasOption("attention") ? Attention.Kind.parse(cmd.getOptionValue("attention")) : d.attention(),
                    intOption(cmd, "tile", d.tile()),
                    cmd.hasOption("query-kind") ? QueryKind.parse(cmd.getOptionValue("query-kind")) : d.queryKind());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    static double doubleOpt(CommandLine cmd, String name, double fallback) throws UsageException {
        String v = cmd.getOptionValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }
}
