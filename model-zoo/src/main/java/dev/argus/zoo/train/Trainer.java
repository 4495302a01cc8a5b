package dev.argus.zoo.train;

import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.network.LayerHelpers;
import dev.argus.zoo.bundle.ManifestCodec;
import dev.argus.zoo.bundle.ModelBundle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link DetectorArchitecture} into a bundle. A run lives in its own directory:
 * <pre>
 *   run/checkpoint/   network + updater state + state.json, replaced every N iterations (resume from here)
 *   run/bundle/       the finished ModelBundle, written once at the end
 * </pre>
 * Each iteration: learning rate from the warm-up + cosine schedule, one batch (built ahead on another
 * thread), one {@code fit}. Progress lines give the loss (mean since the last line), the learning rate,
 * images/s and the ETA.
 */
public final class Trainer {

    public static final String BUNDLE_DIR = "bundle";

    private final Path runDir;
    private final PrintStream log;

    public Trainer(Path runDir, PrintStream log) {
        this.runDir = runDir;
        this.log = log;
    }

    /** Trains from scratch; refuses a run directory that already has a checkpoint (use {@link #resume}). */
    public TrainingResult train(TrainingConfig config) throws IOException {
        return train(config, config.iterations());
    }

    /**
     * As {@link #train(TrainingConfig)}, but pauses after {@code pauseAt} iterations: the checkpoint is
     * saved there and no bundle is written, while the learning rate keeps the schedule of
     * {@code config.iterations()}; {@link #resume(int, int)} goes on. This is how a study looks at a run
     * part-way (export the checkpoint, evaluate it) without spending the CPU of a second process.
     */
    public TrainingResult train(TrainingConfig config, int pauseAt) throws IOException {
        if (Checkpoint.exists(runDir)) {
            throw new IOException("run directory " + runDir + " already has a checkpoint; resume it or choose another directory");
        }
        LayerHelpers.enableUnlessConfigured();
        TrainingData data = config.openData();
        ComputationGraph net = config.architecture(data.labels().size()).newNetwork(config.seed(), config.learningRate());
        if (config.initFrom() != null) {
            WeightTransfer.from(Path.of(config.initFrom()), net, log);
        }
        return loop(config, data, net, 0, 0, pauseAt(config, 0, pauseAt));
    }

    /**
     * Continues the run in {@link #runDir} from its checkpoint with the config saved there.
     *
     * @param iterations a new total number of iterations, or 0 to keep the saved one
     */
    public TrainingResult resume(int iterations) throws IOException {
        return resume(iterations, Integer.MAX_VALUE);
    }

    /**
     * As {@link #resume(int)}, but pauses after iteration {@code pauseAt} (see {@link #train(TrainingConfig, int)});
     * a pause at or past the planned total finishes the run and writes its bundle.
     */
    public TrainingResult resume(int iterations, int pauseAt) throws IOException {
        if (!Checkpoint.exists(runDir)) {
            throw new IOException("nothing to resume: " + runDir + " has no " + Checkpoint.DIR + "/" + Checkpoint.STATE);
        }
        LayerHelpers.enableUnlessConfigured();
        Checkpoint cp = Checkpoint.read(runDir);
        TrainingConfig config = iterations > 0 ? cp.config().withIterations(iterations) : cp.config();
        TrainingData data = config.openData();
        log.printf(Locale.ROOT, "resuming %s at iteration %d of %d%n", config.name(), cp.iteration(), config.iterations());
        return loop(config, data, cp.restoreNetwork(runDir), cp.iteration(), cp.trainingMillis(),
                pauseAt(config, cp.iteration(), pauseAt));
    }

    private static int pauseAt(TrainingConfig config, int start, int pauseAt) {
        if (pauseAt <= start) {
            throw new IllegalArgumentException("cannot pause at iteration " + pauseAt + ": the run is at " + start);
        }
        return Math.min(pauseAt, config.iterations());
    }

    /**
     * Writes a bundle from the run's latest checkpoint into {@code bundleDir} (which must not hold
     * anything yet), without disturbing a run that is still going: to evaluate or ship a model mid-run.
     * Its {@code training.json} says how far the run had got.
     */
    public Path exportCheckpoint(Path bundleDir) throws IOException {
        return exportCheckpoint(bundleDir, Double.NaN);
    }

    /** As {@link #exportCheckpoint(Path)}, with the bundle decoder's score threshold set (unless NaN). */
    public Path exportCheckpoint(Path bundleDir, double scoreThreshold) throws IOException {
        if (!Checkpoint.exists(runDir)) {
            throw new IOException("nothing to export: " + runDir + " has no " + Checkpoint.DIR + "/" + Checkpoint.STATE);
        }
        // a running trainer may replace the checkpoint meanwhile: read until the state is the same before and after
        for (int attempt = 0; ; attempt++) {
            Checkpoint before = Checkpoint.read(runDir);
            ComputationGraph net = before.restoreNetwork(runDir);
            if (Checkpoint.read(runDir).iteration() != before.iteration() && attempt < 3) {
                continue;
            }
            TrainingConfig config = Double.isNaN(scoreThreshold) ? before.config()
                    : before.config().withScoreThreshold(scoreThreshold);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("iterations", before.iteration());
            result.put("planned_iterations", config.iterations());
            result.put("images_seen", (long) before.iteration() * config.batchSize());
            result.put("training_seconds", before.trainingMillis() / 1000);
            result.put("exported_from_checkpoint", true);
            List<String> labels = config.openData().labels();
            try (ModelBundle bundle = TrainedBundle.write(bundleDir, net, config, labels, result)) {
                log.printf(Locale.ROOT, "exported %s at iteration %d of %d to %s%n", config.name(), before.iteration(),
                        config.iterations(), bundleDir);
            }
            return bundleDir;
        }
    }

    /** Iterations {@code start} to {@code stop}; the run's bundle is written only when stop is the planned end. */
    private TrainingResult loop(TrainingConfig config, TrainingData data, ComputationGraph net, int start,
                                long priorMillis, int stop) throws IOException {
        Files.createDirectories(runDir);
        config.write(runDir.resolve("config.json"));
        DetectorArchitecture arch = config.architecture(data.labels().size());
        log.printf(Locale.ROOT, "training %s (%s, %,d parameters) on %s; batch %d, %d iterations, lr %.1e%n",
                config.name(), arch.name(), net.numParams(), data.describe(), config.batchSize(), config.iterations(),
                config.learningRate());
        log.printf(Locale.ROOT, "ND4J %s, %d threads, layer helpers %s%n", Nd4j.getBackend().getClass().getSimpleName(),
                Nd4j.getEnvironment().maxMasterThreads(), LayerHelpers.enabled() ? "on" : "off");
        long runStart = System.nanoTime();
        long windowStart = runStart;
        double windowLoss = 0;
        int windowIters = 0;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        int it = start;
        try (TrainingBatches batches = new TrainingBatches(data, config.augmentation(),
                TrainedBundle.inputSpec(config.inputSize()), arch.labelEncoder(), config.batchSize(), config.seed())) {
            for (; it < stop; it++) {
                net.setLearningRate(config.learningRateAt(it));
                MultiDataSet batch = batches.batch(it);
                if (it == start) {
                    fitWithoutSameDiffChatter(net, batch);
                } else {
                    net.fit(batch);
                }
                double loss = net.score();
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("loss became " + loss + " at iteration " + it
                            + "; lower the learning rate (now " + config.learningRateAt(it) + ") or resume from the checkpoint");
                }
                if (Double.isNaN(firstLoss)) {
                    firstLoss = loss;
                }
                windowLoss += loss;
                windowIters++;
                boolean last = it + 1 == stop;
                if ((it + 1) % config.progressEvery() == 0 || last) {
                    long now = System.nanoTime();
                    double secs = (now - windowStart) / 1e9;
                    lastLoss = windowLoss / windowIters;
                    double perIter = secs / windowIters;
                    log.printf(Locale.ROOT, "iter %d/%d  loss %.4f  lr %.2e  %.1f img/s  elapsed %s  ETA %s%n", it + 1,
                            config.iterations(), lastLoss, config.learningRateAt(it), windowIters * config.batchSize() / secs,
                            duration(priorMillis / 1000.0 + (now - runStart) / 1e9),
                            duration(perIter * (config.iterations() - it - 1)));
                    windowStart = now;
                    windowLoss = 0;
                    windowIters = 0;
                }
                if ((it + 1) % config.checkpointEvery() == 0 || last) {
                    new Checkpoint(it + 1, priorMillis + (System.nanoTime() - runStart) / 1_000_000, config).save(runDir, net);
                }
            }
        }
        double seconds = (System.nanoTime() - runStart) / 1e9;
        int done = it - start;
        double totalSeconds = priorMillis / 1000.0 + seconds;
        if (stop < config.iterations()) {
            log.printf(Locale.ROOT, "paused %s at iteration %d of %d (checkpoint saved)%n", config.name(), stop,
                    config.iterations());
            return new TrainingResult(config, stop, done, firstLoss, lastLoss, totalSeconds,
                    done == 0 ? 0 : done * config.batchSize() / seconds, null, net);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("iterations", config.iterations());
        result.put("images_seen", (long) config.iterations() * config.batchSize());
        result.put("training_seconds", Math.round(totalSeconds));
        result.put("train_images_per_second", done == 0 ? 0 : done * config.batchSize() / seconds);
        result.put("final_loss", lastLoss);
        result.put("data", data.describe());
        result.put("parameters", net.numParams());
        Path bundleDir = runDir.resolve(BUNDLE_DIR);
        removeEarlierBundle(bundleDir);
        try (ModelBundle bundle = TrainedBundle.write(bundleDir, net, config, data.labels(), result)) {
            log.printf(Locale.ROOT, "wrote bundle %s (%s)%n", bundle.describe(), bundleDir);
        }
        return new TrainingResult(config, config.iterations(), done, firstLoss, lastLoss, totalSeconds,
                done == 0 ? 0 : done * config.batchSize() / seconds, bundleDir, net);
    }

    /**
     * The first step builds the backward graph of any SameDiff layer (the DETR transformer), and
     * SameDiff M2.1 prints a line per differentiated op straight to stdout — hundreds of lines before the
     * first progress line. Those lines, and only those, are dropped.
     */
    private static void fitWithoutSameDiffChatter(ComputationGraph net, MultiDataSet batch) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') {
                    String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                    if (!text.startsWith("Added differentiated op ")) {
                        stdout.print(text);
                    }
                    line.reset();
                }
            }

            @Override
            public void flush() {
                stdout.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            net.fit(batch);
        } finally {
            System.out.flush();
            System.setOut(stdout);
        }
    }

    /** A resumed run that had finished before replaces the bundle it wrote then (and only such a bundle). */
    private static void removeEarlierBundle(Path bundleDir) throws IOException {
        if (!Files.exists(bundleDir)) {
            return;
        }
        if (!Files.isRegularFile(bundleDir.resolve(ManifestCodec.FILE_NAME)) || !Files.isRegularFile(bundleDir.resolve(TrainedBundle.MODEL))) {
            throw new IOException(bundleDir + " exists but is not a bundle this trainer wrote; move it away");
        }
        try (var walk = Files.walk(bundleDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /**
     * How a run ended.
     *
     * @param firstLoss the loss of the first iteration of this session
     * @param lastLoss  the mean loss over the last progress window
     */
    public record TrainingResult(TrainingConfig config, int iterations, int iterationsThisSession, double firstLoss,
                                 double lastLoss, double trainingSeconds, double imagesPerSecond, Path bundle,
                                 ComputationGraph network) {
    }

    /** The labels a config's data will train, without training. */
    public static List<String> labels(TrainingConfig config) throws IOException {
        return config.openData().labels();
    }
}
