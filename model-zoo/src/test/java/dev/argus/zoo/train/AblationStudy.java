package dev.argus.zoo.train;

import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.Precision;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.DetectorEvaluation;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.synth.ShapesSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SPP/FPN ablation as one command: every head given × SPP on/off × FPN on/off, each trained from
 * scratch with {@code argus train}'s defaults to the same budget, evaluated on held-out synthetic images
 * every K iterations, at half the budget and at the end, one markdown row per variant. Run it with
 * {@code scripts/bench/ablation.sh} (builds offline, one OpenMP thread), e.g.
 * <pre>
 * scripts/bench/ablation.sh --out /data/ablation --heads yolo,centernet --iterations 400 --eval-every 100
 * </pre>
 * Data flow per variant, in {@code OUT/runs/<head>[-spp][-fpn]/}: the {@link Trainer} trains to the next
 * evaluation point and pauses (checkpoint saved, schedule of the whole budget kept); the checkpoint is
 * exported as a bundle, opened with {@link Detectors} and scored by {@link DetectorEvaluation#onSynthetic};
 * the AP figures are appended to {@code evaluations.tsv}; at the end of the budget the run's own bundle is
 * scored and the row goes into {@code OUT/ablation.md}. A rerun on the same OUT skips finished rows and
 * resumes an unfinished one from its last evaluated checkpoint. At the end the whole table is printed with,
 * per head, the best variant and whether it had converged (the rule is printed with it).
 */
public final class AblationStudy {

    /** Columns of {@code evaluations.tsv}: iteration, training ms so far, then the metrics. */
    static final String EVALUATIONS = "evaluations.tsv";
    /** Below this final AP50 a flat second half is a plateau the head has not left, not convergence. */
    static final double LEARNING_AP50 = 0.1;

    private final Settings settings;
    private final PrintStream out;

    AblationStudy(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        AblationStudy study = new AblationStudy(settings, System.out);
        study.run();
        study.printSummary();
    }

    /**
     * What a study is run with. The held-out set is the README's (seed 20240501, shapes 128x128); training
     * data is synthetic shapes of seed 1 as for the shipped bundles.
     *
     * @param convergedGain a best variant whose AP50 rose by less than this over the second half of the
     *                      budget counts as converged
     * @param detrBackbones  null, or a study directory whose CenterNet rows the DETR rows start from (one of the
     *                      same SPP/FPN variant each), as the shipped DETR-lite starts from a CenterNet backbone;
     *                      from scratch DETR sits near AP50 0 for longer than these budgets
     * @param halfBudget    null, or a finished study of the same settings at half the iterations: the summary then
     *                      also says, per head, whether that budget had converged (its best variant gained less than
     *                      {@code convergedGain} when trained to twice the budget here)
     */
    record Settings(Path out, List<DetectorArchitecture.Head> heads, List<Boolean> spp, List<Boolean> fpn, int iterations, int inputSize, int batchSize,
                    double learningRate, int warmup, int evalEvery, int heldout, long heldoutSeed, long dataSeed,
                    double scoreThreshold, double convergedGain, Path detrBackbones, Path halfBudget) {

        static Settings parse(String[] args) {
            TrainingConfig d = TrainingConfig.defaults();
            Map<String, String> opts = pairs(args, USAGE);
            List<DetectorArchitecture.Head> heads = new ArrayList<>();
            for (String h : opts.getOrDefault("heads", "yolo,yolo2,centernet,detr").split(",")) {
                heads.add(DetectorArchitecture.Head.parse(h.trim()));
            }
            String outDir = opts.remove("out");
            if (outDir == null) {
                throw new IllegalArgumentException("--out DIR is required (the table and the runs go there)\n" + USAGE);
            }
            int iterations = Integer.parseInt(opts.getOrDefault("iterations", "400"));
            Settings s = new Settings(Path.of(outDir).toAbsolutePath(), heads, onOff("spp", opts.getOrDefault("spp", "on,off")),
                    onOff("fpn", opts.getOrDefault("fpn", "on,off")), iterations,
                    Integer.parseInt(opts.getOrDefault("input-size", String.valueOf(d.inputSize()))),
                    Integer.parseInt(opts.getOrDefault("batch-size", String.valueOf(d.batchSize()))),
                    Double.parseDouble(opts.getOrDefault("lr", String.valueOf(d.learningRate()))),
                    Integer.parseInt(opts.getOrDefault("warmup", String.valueOf(d.warmup()))),
                    Integer.parseInt(opts.getOrDefault("eval-every", String.valueOf(Math.max(1, iterations / 4)))),
                    Integer.parseInt(opts.getOrDefault("heldout", "200")),
                    Long.parseLong(opts.getOrDefault("heldout-seed", "20240501")),
                    Long.parseLong(opts.getOrDefault("data-seed", "1")),
                    Double.parseDouble(opts.getOrDefault("score-threshold", "0.01")),
                    Double.parseDouble(opts.getOrDefault("converged-gain", "0.02")),
                    opts.containsKey("detr-backbones") ? Path.of(opts.get("detr-backbones")).toAbsolutePath() : null,
                    opts.containsKey("half-budget") ? Path.of(opts.get("half-budget")).toAbsolutePath() : null);
            opts.keySet().removeAll(List.of("heads", "spp", "fpn", "iterations", "input-size", "batch-size", "lr", "warmup",
                    "eval-every", "heldout", "heldout-seed", "data-seed", "score-threshold", "converged-gain", "detr-backbones",
                    "half-budget"));
            if (!opts.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + opts.keySet() + "\n" + USAGE);
            }
            if (s.iterations < 2 || s.evalEvery < 1 || s.heldout < 1) {
                throw new IllegalArgumentException("need --iterations >= 2, --eval-every >= 1, --heldout >= 1");
            }
            return s;
        }

        /** {@code --name value} pairs by name, in order; anything else is refused with {@code usage}. */
        static Map<String, String> pairs(String[] args, String usage) {
            Map<String, String> opts = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value pairs; got '" + args[i] + "'\n" + usage);
                }
                opts.put(args[i].substring(2), args[i + 1]);
            }
            return opts;
        }

        private static List<Boolean> onOff(String block, String value) {
            List<Boolean> values = new ArrayList<>();
            for (String v : value.split(",")) {
                switch (v.trim()) {
                    case "on" -> values.add(true);
                    case "off" -> values.add(false);
                    default -> throw new IllegalArgumentException("--" + block + " takes on, off or on,off; got '" + value + "'");
                }
            }
            return values;
        }

        static final String USAGE = """
                usage: AblationStudy --out DIR [--heads yolo,yolo2,centernet,detr] [--spp on,off] [--fpn on,off] [--iterations 400]
                       [--input-size 128] [--batch-size 16] [--lr 0.001] [--warmup 100] [--eval-every N/4]
                       [--heldout 200] [--heldout-seed 20240501] [--data-seed 1] [--score-threshold 0.01]
                       [--converged-gain 0.02] [--detr-backbones STUDY_DIR] [--half-budget STUDY_DIR]""";

        /** What every row shares (the variants excluded: a rerun may add heads or blocks to a study). */
        String shared() {
            return String.format(Locale.ROOT, "iterations=%d input=%d batch=%d lr=%s warmup=%d eval-every=%d heldout=%d"
                            + " heldout-seed=%d data=%s%d score-threshold=%s", iterations, inputSize, batchSize,
                    learningRate, warmup, evalEvery, heldout, heldoutSeed, TrainingConfig.SYNTHETIC_PREFIX, dataSeed,
                    scoreThreshold) + (detrBackbones == null ? "" : " detr-from=centernet");
        }

        /** The recipe in words, for the table's header. */
        List<String> recipe() {
            TrainingConfig d = TrainingConfig.defaults();
            List<String> recipe = new ArrayList<>(List.of(
                    String.format(Locale.ROOT, "each row trains from scratch: `argus train --head H [--no-spp] [--no-fpn]"
                                    + " --iterations %d --input-size %d --batch-size %d --lr %s --warmup %d`, all else"
                                    + " `argus train`'s defaults: width %d, Adam, warm-up from 10%% then cosine to %.0f%% of"
                                    + " the lr, augmentation (flip, scale, colour), seed %d, data `%s%d`",
                            iterations, inputSize, batchSize, learningRate, warmup, d.width(), 100 * d.finalLrFraction(),
                            d.seed(), TrainingConfig.SYNTHETIC_PREFIX, dataSeed),
                    String.format(Locale.ROOT, "held out: %d synthetic shapes images (128x128) of seed %d, COCO AP"
                            + " (`DetectorEvaluation.onSynthetic`, as `argus evaluate --synthetic %d --count %d`), bundle"
                            + " score threshold %s, bundle's default engine", heldout, heldoutSeed, heldoutSeed, heldout,
                            scoreThreshold),
                    String.format(Locale.ROOT, "evaluated at iterations %s; AP50 @½ is at iteration %d; last-half gain ="
                            + " AP50 − AP50 @½; train min = `fit` time only (evaluation excluded); images = iterations × batch",
                            evaluationPoints(), iterations / 2),
                    String.format(Locale.ROOT, "ND4J threads %d (OMP_NUM_THREADS=%s)", Nd4j.getEnvironment().maxMasterThreads(),
                            System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"))));
            if (detrBackbones != null) {
                recipe.add("except DETR rows, which start from the CenterNet row of the same SPP/FPN variant (`--init-from` its final"
                        + " bundle: every layer of the same name and shape), as the shipped DETR-lite does; a DETR row's"
                        + " budget is that CenterNet row's plus its own");
            }
            return recipe;
        }

        /** Every {@code evalEvery} iterations, half the budget, and the end. */
        TreeSet<Integer> evaluationPoints() {
            TreeSet<Integer> points = new TreeSet<>();
            for (int it = evalEvery; it < iterations; it += evalEvery) {
                points.add(it);
            }
            points.add(iterations / 2);
            points.add(iterations);
            return points;
        }

        TrainingConfig config(DetectorArchitecture.Head head, boolean spp, boolean fpn) {
            TrainingConfig d = TrainingConfig.defaults();
            String variant = AblationTable.Row.variant(head.name().toLowerCase(Locale.ROOT), spp, fpn);
            return new TrainingConfig("ablation-" + variant, head, spp, fpn, inputSize, d.width(),
                    TrainingConfig.SYNTHETIC_PREFIX + dataSeed, batchSize, iterations, learningRate, warmup,
                    d.finalLrFraction(), d.augmentation(), d.seed(), Math.min(d.checkpointEvery(), evalEvery),
                    d.progressEvery(), scoreThreshold, null, backbone(head, spp, fpn));
        }

        /** The CenterNet row's bundle a DETR row starts from, or null (from scratch). */
        private String backbone(DetectorArchitecture.Head head, boolean spp, boolean fpn) {
            if (detrBackbones == null || head != DetectorArchitecture.Head.DETR) {
                return null;
            }
            String centerNet = AblationTable.Row.variant("centernet", spp, fpn);
            return detrBackbones.resolve("runs").resolve(centerNet).resolve(Trainer.BUNDLE_DIR).toString();
        }
    }

    void run() throws IOException {
        if (settings.halfBudget() != null) {
            halfBudgetStudy(); // refused before anything trains
        }
        AblationTable table = AblationTable.open(settings.out(), settings.shared(), settings.recipe());
        out.printf(Locale.ROOT, "study %s: heads %s, %s%n", table.file(), settings.heads(), settings.shared());
        for (DetectorArchitecture.Head head : settings.heads()) {
            for (boolean spp : settings.spp()) {
                for (boolean fpn : settings.fpn()) {
                    TrainingConfig config = settings.config(head, spp, fpn);
                    String variant = AblationTable.Row.variant(head.name().toLowerCase(Locale.ROOT), spp, fpn);
                    if (table.has(variant)) {
                        out.printf(Locale.ROOT, "%s: done in an earlier run, skipped%n", variant);
                        continue;
                    }
                    if (config.initFrom() != null && !Files.isRegularFile(Path.of(config.initFrom()).resolve(TrainedBundle.MODEL))) {
                        throw new IOException(variant + " starts from the finished CenterNet row of its variant, "
                                + config.initFrom() + " (--detr-backbones), and there is none: run that row first"
                                + " (--heads centernet,detr in one study does)");
                    }
                    AblationTable.Row row = runVariant(variant, config);
                    table.append(row);
                    out.println(row.markdown());
                }
            }
        }
    }

    /** Trains one variant to each evaluation point in turn, scoring each; returns its row. */
    private AblationTable.Row runVariant(String variant, TrainingConfig config) throws IOException {
        Path runDir = settings.out().resolve("runs").resolve(variant);
        Files.createDirectories(runDir);
        Map<Integer, double[]> evaluations = readEvaluations(runDir);
        try (PrintStream log = new PrintStream(Files.newOutputStream(runDir.resolve("train.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            Trainer trainer = new Trainer(runDir, log);
            for (int point : settings.evaluationPoints()) {
                if (evaluations.containsKey(point)) {
                    continue;
                }
                int at = Checkpoint.exists(runDir) ? Checkpoint.read(runDir).iteration() : 0;
                if (at > point) {
                    throw new IOException(runDir + " has a checkpoint at iteration " + at + " but no evaluation at " + point
                            + "; remove the directory to rerun the variant");
                }
                if (at == point && point == config.iterations() && !Files.exists(runDir.resolve(Trainer.BUNDLE_DIR))) {
                    trainer.exportCheckpoint(runDir.resolve(Trainer.BUNDLE_DIR)); // stopped between last checkpoint and bundle
                }
                if (at < point) {
                    if (at == 0) {
                        trainer.train(config, point);
                    } else {
                        trainer.resume(0, point);
                    }
                }
                Path bundle = point == config.iterations() ? runDir.resolve(Trainer.BUNDLE_DIR)
                        : trainer.exportCheckpoint(fresh(runDir.resolve("at-" + point)));
                long started = System.nanoTime();
                CocoMetrics m = evaluate(bundle);
                if (point != config.iterations()) {
                    deleteTree(bundle); // the checkpoint it came from is replaced as training goes on; the row keeps its AP
                }
                double[] row = {Checkpoint.read(runDir).trainingMillis(), m.ap(), m.ap50(), m.ap75(), m.apSmall(),
                        m.apMedium(), m.ar100()};
                appendEvaluation(runDir, point, row);
                evaluations.put(point, row);
                out.printf(Locale.ROOT, "%s: iteration %d/%d, %.1f train min, AP50 %.3f, AP %.3f (evaluated in %.0f s)%n",
                        variant, point, config.iterations(), row[0] / 60_000, m.ap50(), m.ap(),
                        (System.nanoTime() - started) / 1e9);
            }
        }
        double[] end = evaluations.get(config.iterations());
        Map<Integer, Double> trajectory = new LinkedHashMap<>();
        new TreeSet<>(evaluations.keySet()).forEach(it -> trajectory.put(it, evaluations.get(it)[2]));
        return new AblationTable.Row(config.head().name().toLowerCase(Locale.ROOT), config.spp(), config.fpn(),
                config.iterations(), (long) config.iterations() * config.batchSize(), end[0] / 60_000,
                evaluations.get(config.iterations() / 2)[2], end[2], end[1], end[3], end[4], end[5], end[6], trajectory);
    }

    private CocoMetrics evaluate(Path bundleDir) {
        try (ModelBundle bundle = ModelBundle.open(bundleDir);
             GraphDetector detector = Detectors.open(bundle, Precision.FP32, EngineOptions.DEFAULT)) {
            return DetectorEvaluation.onSynthetic(detector, ShapesSpec.shapes(), settings.heldoutSeed(), settings.heldout(), 16);
        }
    }

    private static Map<Integer, double[]> readEvaluations(Path runDir) throws IOException {
        Map<Integer, double[]> evaluations = new LinkedHashMap<>();
        Path file = runDir.resolve(EVALUATIONS);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                double[] values = new double[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    values[i - 1] = Double.parseDouble(f[i]);
                }
                evaluations.put(Integer.parseInt(f[0]), values);
            }
        }
        return evaluations;
    }

    private static void appendEvaluation(Path runDir, int iteration, double[] values) throws IOException {
        StringBuilder line = new StringBuilder().append(iteration);
        for (double v : values) {
            line.append('\t').append(v);
        }
        Files.writeString(runDir.resolve(EVALUATIONS), line.append('\n'), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Prints the table file and, per head, its best variant and the convergence verdict. */
    void printSummary() throws IOException {
        AblationTable table = AblationTable.open(settings.out(), settings.shared(), settings.recipe());
        out.println();
        out.print(Files.readString(table.file(), StandardCharsets.UTF_8));
        out.println();
        out.printf(Locale.ROOT, "Converged rule: a head's best variant (highest AP50 at the end) has converged at this budget"
                + " when its AP50 rose by less than %.3f over the second half (AP50 at iteration %d minus AP50 at %d)"
                + " and it has left the start (AP50 at least %s: the yolo2 head sat below 0.01 for 700 iterations before"
                + " it learnt). Otherwise the rows may still be separating: raise --iterations (or lower --input-size) and"
                + " rerun.%n", settings.convergedGain(), settings.iterations(), settings.iterations() / 2, LEARNING_AP50);
        for (String line : verdicts(table.rows(), settings.convergedGain())) {
            out.println(line);
        }
        if (settings.halfBudget() != null) {
            AblationTable half = halfBudgetStudy();
            out.println();
            out.printf(Locale.ROOT, "Two-budget rule: the budget of %d iterations (%s) had converged for a head when its best"
                    + " variant there gained less than %.3f AP50 trained to %d iterations here; then that study's rows are the"
                    + " ones to read for the head.%n", settings.iterations() / 2, half.file(), settings.convergedGain(),
                    settings.iterations());
            List<String> heads = settings.heads().stream().map(h -> h.name().toLowerCase(Locale.ROOT)).toList();
            List<AblationTable.Row> halfRows = half.rows().stream().filter(r -> heads.contains(r.head())).toList();
            for (String line : doublingVerdicts(halfRows, table.rows(), settings.iterations() / 2, settings.convergedGain())) {
                out.println(line);
            }
        }
    }

    /** The {@code --half-budget} study, refused unless it is this one at half the iterations. */
    private AblationTable halfBudgetStudy() throws IOException {
        AblationTable half = AblationTable.read(settings.halfBudget());
        if (!withoutBudget(half.settings()).equals(withoutBudget(settings.shared()))
                || !half.settings().startsWith("iterations=" + settings.iterations() / 2 + " ")) {
            throw new IOException(half.file() + " is not this study at half the budget (" + settings.iterations() / 2
                    + " iterations, all else equal but eval-every):\n  file:  " + half.settings() + "\n  asked: "
                    + settings.shared());
        }
        return half;
    }

    /** A study's settings line less the two entries that may differ between budgets. */
    private static String withoutBudget(String shared) {
        return shared.replaceAll("(^| )(iterations|eval-every)=\\d+", "");
    }

    /**
     * One line per head of the half-budget study: its best variant there against the same variant trained to
     * twice the budget. The schedule's own last-half gain cannot say this: the cosine's small learning rate
     * at the end flattens every curve whether or not more training would help.
     */
    static List<String> doublingVerdicts(List<AblationTable.Row> halfRows, List<AblationTable.Row> rows, int halfIterations,
                                         double convergedGain) {
        List<String> lines = new ArrayList<>();
        byHead(halfRows).forEach((head, headRows) -> {
            AblationTable.Row best = best(headRows);
            AblationTable.Row doubled = rows.stream().filter(r -> r.variant().equals(best.variant())).findFirst().orElse(null);
            if (doubled == null) {
                lines.add(String.format(Locale.ROOT, "%s: best at %d iterations %s (AP50 %.3f); not run here: no verdict",
                        head, halfIterations, best.variant(), best.ap50()));
                return;
            }
            double gain = doubled.ap50() - best.ap50();
            String verdict = convergedByDoubling(best, doubled, convergedGain, LEARNING_AP50)
                    ? "converged at " + halfIterations + " iterations"
                    : best.ap50() < LEARNING_AP50 ? "NOT converged (AP50 below " + LEARNING_AP50 + " at " + halfIterations + ")"
                    : "NOT converged at " + halfIterations + " iterations";
            lines.add(String.format(Locale.ROOT, "%s: best at %d iterations %s, AP50 %.3f; at %d iterations %.3f (%+.3f): %s",
                    head, halfIterations, best.variant(), best.ap50(), doubled.iterations(), doubled.ap50(), gain, verdict));
        });
        return lines;
    }

    /**
     * The two-budget rule: a budget had converged for a head when its best variant there ({@code best}),
     * trained to twice the budget ({@code doubled}), gained less than {@code convergedGain} AP50, from an
     * AP50 of at least {@code learningAp50} (below it a flat curve is a plateau not yet left).
     */
    static boolean convergedByDoubling(AblationTable.Row best, AblationTable.Row doubled, double convergedGain,
                                       double learningAp50) {
        return best.ap50() >= learningAp50 && doubled.ap50() - best.ap50() < convergedGain;
    }

    /** One line per head: its best variant by final AP50 and whether that variant had converged. */
    static List<String> verdicts(List<AblationTable.Row> rows, double convergedGain) {
        List<String> lines = new ArrayList<>();
        byHead(rows).forEach((head, headRows) -> {
            AblationTable.Row best = best(headRows);
            String verdict = best.ap50() < LEARNING_AP50 ? "NOT converged (AP50 below " + LEARNING_AP50 + ": a plateau, not learnt yet)"
                    : best.lastHalfGain() < convergedGain ? "converged" : "NOT converged";
            lines.add(String.format(Locale.ROOT, "%s: best %s (SPP %s, FPN %s), AP50 %.3f, last-half gain %+.3f: %s (%d of 4 variants run)",
                    head, best.variant(), best.spp() ? "yes" : "no", best.fpn() ? "yes" : "no", best.ap50(),
                    best.lastHalfGain(), verdict, headRows.size()));
        });
        return lines;
    }

    /** The rows of each head, heads in the order they first appear. */
    private static Map<String, List<AblationTable.Row>> byHead(List<AblationTable.Row> rows) {
        Map<String, List<AblationTable.Row>> byHead = new LinkedHashMap<>();
        rows.forEach(r -> byHead.computeIfAbsent(r.head(), h -> new ArrayList<>()).add(r));
        return byHead;
    }

    /** A head's best variant: the highest final AP50. */
    static AblationTable.Row best(List<AblationTable.Row> headRows) {
        return headRows.stream().max(Comparator.comparingDouble(AblationTable.Row::ap50)).orElseThrow();
    }

    private static Path fresh(Path dir) throws IOException {
        deleteTree(dir); // an export left by an interrupted study
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
