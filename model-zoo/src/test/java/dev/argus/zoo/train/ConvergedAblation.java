package dev.argus.zoo.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SPP/FPN ablation at the budget where each head has converged, as one command. Per head: its four
 * variants at a budget, then its best variant at twice that budget; the budget had converged when that
 * gained less than {@code --converged-gain} AP50 (the two-budget rule of {@link AblationStudy}'s
 * {@code --half-budget}); otherwise the budget doubles and the four run again, up to
 * {@code --max-iterations}. A head may train at its own peak learning rate ({@code --head-lr yolo=0.003}).
 * Run it with {@code scripts/bench/ablation.sh converged ...}, e.g.
 * <pre>
 * scripts/bench/ablation.sh converged --out /data/converged --heads centernet,detr --input-size 64 --start-iterations 4000
 * </pre>
 * Each (head, budget) is an {@link AblationStudy} in {@code OUT/<head>/<iterations>/}, evaluated every
 * quarter of its budget, so a rerun resumes where it stopped and finished rows are never trained again.
 * DETR rows start from the CenterNet row of their variant at the same budget
 * ({@code OUT/centernet/<iterations>/}, trained first where missing), as the shipped DETR-lite does.
 * At the end: per head, the budget it converged at (or that it did not within the maximum), the check
 * that says so, and its rows at that budget.
 */
public final class ConvergedAblation {

    /** The summary file in OUT. */
    static final String SUMMARY = "converged.md";
    /** Set by this command per study; a caller may not. */
    private static final List<String> PER_STUDY = List.of("iterations", "eval-every", "spp", "fpn", "half-budget", "detr-backbones");

    private final Path out;
    private final List<String> heads;
    private final int startIterations;
    private final int maxIterations;
    private final double convergedGain;
    /** Below this AP50 a small gain is a plateau the head has not left, not convergence. */
    private final double learningAp50;
    /** The options every study shares, passed to {@link AblationStudy.Settings#parse} as given. */
    private final Map<String, String> shared;
    /** A head's own peak learning rate, where it trains better with one other than {@code --lr}. */
    private final Map<String, String> headLr;
    private final PrintStream log;

    ConvergedAblation(Path out, List<String> heads, int startIterations, int maxIterations, double convergedGain,
                      double learningAp50, Map<String, String> shared, Map<String, String> headLr, PrintStream log) {
        if (startIterations < 2 || maxIterations < 2 * startIterations) {
            throw new IllegalArgumentException("need --start-iterations >= 2 and --max-iterations at least twice it, got "
                    + startIterations + " and " + maxIterations);
        }
        this.out = out;
        this.heads = List.copyOf(heads);
        this.startIterations = startIterations;
        this.maxIterations = maxIterations;
        this.convergedGain = convergedGain;
        this.learningAp50 = learningAp50;
        this.shared = Map.copyOf(shared);
        this.headLr = Map.copyOf(headLr);
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        ConvergedAblation ablation = parse(args, System.out);
        ablation.printSummary(ablation.run());
    }

    static ConvergedAblation parse(String[] args, PrintStream log) {
        Map<String, String> opts = AblationStudy.Settings.pairs(args, USAGE);
        for (String option : PER_STUDY) {
            if (opts.containsKey(option)) {
                throw new IllegalArgumentException("--" + option + " is set per study by this command\n" + USAGE);
            }
        }
        String outDir = opts.remove("out");
        if (outDir == null) {
            throw new IllegalArgumentException("--out DIR is required\n" + USAGE);
        }
        String heads = opts.remove("heads");
        String start = opts.remove("start-iterations");
        String max = opts.remove("max-iterations");
        Map<String, String> headLr = new LinkedHashMap<>();
        String perHead = opts.remove("head-lr");
        if (perHead != null) {
            for (String pair : perHead.split(",")) {
                String[] kv = pair.split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--head-lr takes head=lr[,head=lr]; got '" + perHead + "'\n" + USAGE);
                }
                Double.parseDouble(kv[1]);
                headLr.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
            }
        }
        return new ConvergedAblation(Path.of(outDir).toAbsolutePath(),
                List.of((heads == null ? "yolo,yolo2,centernet,detr" : heads).split(",")),
                start == null ? 4000 : Integer.parseInt(start), max == null ? 64000 : Integer.parseInt(max),
                Double.parseDouble(opts.getOrDefault("converged-gain", "0.02")), AblationStudy.LEARNING_AP50, opts, headLr, log);
    }

    static final String USAGE = """
            usage: ConvergedAblation --out DIR [--heads yolo,yolo2,centernet,detr] [--start-iterations 4000]
                   [--max-iterations 64000] [--converged-gain 0.02] [--head-lr yolo=0.003] and AblationStudy's shared options
                   ([--input-size 128] [--batch-size 16] [--lr 0.001] [--warmup 100] [--heldout 200] ...)""";

    /**
     * Where a head stopped: its rows at {@code iterations}, and the same best variant at twice that ({@code check},
     * null when twice the budget was beyond the maximum).
     */
    record Verdict(String head, int iterations, List<AblationTable.Row> rows, AblationTable.Row best,
                   AblationTable.Row check, boolean converged) {
    }

    List<Verdict> run() throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        for (String head : heads) {
            verdicts.add(converge(head.trim().toLowerCase(Locale.ROOT)));
        }
        return verdicts;
    }

    /** Doubles the head's budget until its best variant gains less than the converged gain from one more doubling. */
    private Verdict converge(String head) throws IOException {
        for (int budget = startIterations; ; budget *= 2) {
            List<AblationTable.Row> rows = study(head, budget, List.of(true, false), List.of(true, false));
            AblationTable.Row best = AblationStudy.best(rows);
            if (2L * budget > maxIterations) {
                return new Verdict(head, budget, rows, best, null, false);
            }
            AblationTable.Row check = study(head, 2 * budget, List.of(best.spp()), List.of(best.fpn())).get(0);
            boolean converged = AblationStudy.convergedByDoubling(best, check, convergedGain, learningAp50);
            log.printf(Locale.ROOT, "%s: best at %d iterations %s, AP50 %.3f; at %d %.3f (%+.3f): %s%n", head, budget,
                    best.variant(), best.ap50(), check.iterations(), check.ap50(), check.ap50() - best.ap50(),
                    converged ? "converged" : "not converged, doubling");
            if (converged) {
                return new Verdict(head, budget, rows, best, check, true);
            }
        }
    }

    /** The head's rows of the given variants at {@code iterations}, trained where they are not yet. */
    private List<AblationTable.Row> study(String head, int iterations, List<Boolean> spp, List<Boolean> fpn) throws IOException {
        List<String> args = new ArrayList<>(List.of("--out", studyDir(head, iterations).toString(), "--heads", head,
                "--spp", onOff(spp), "--fpn", onOff(fpn), "--iterations", String.valueOf(iterations),
                "--eval-every", String.valueOf(Math.max(1, iterations / 4))));
        if (head.equals("detr")) {
            study("centernet", iterations, spp, fpn);
            args.addAll(List.of("--detr-backbones", studyDir("centernet", iterations).toString()));
        }
        shared.forEach((k, v) -> {
            if (!(k.equals("lr") && headLr.containsKey(head))) {
                args.addAll(List.of("--" + k, v));
            }
        });
        if (headLr.containsKey(head)) {
            args.addAll(List.of("--lr", headLr.get(head)));
        }
        new AblationStudy(AblationStudy.Settings.parse(args.toArray(String[]::new)), log).run();
        List<AblationTable.Row> rows = new ArrayList<>();
        for (AblationTable.Row row : AblationTable.read(studyDir(head, iterations)).rows()) {
            if (row.head().equals(head) && spp.contains(row.spp()) && fpn.contains(row.fpn())) {
                rows.add(row);
            }
        }
        return rows;
    }

    Path studyDir(String head, int iterations) {
        return out.resolve(head).resolve(String.valueOf(iterations));
    }

    private static String onOff(List<Boolean> values) {
        return String.join(",", values.stream().map(on -> on ? "on" : "off").toList());
    }

    /** Per head: the verdict in a line, then its rows at the budget it stopped at; printed and written to OUT/converged.md. */
    void printSummary(List<Verdict> verdicts) throws IOException {
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "Converged rule: a head's budget has converged"
                + " when its best variant there (highest AP50), trained again to twice the budget, gains less than %.3f AP50"
                + " (and had AP50 at least %s); budgets double from %d to at most %d iterations. Studies in"
                + " <out>/<head>/<iterations>/.%n", convergedGain, learningAp50, startIterations, maxIterations));
        for (Verdict v : verdicts) {
            summary.append('\n');
            if (v.check() == null) {
                summary.append(String.format(Locale.ROOT, "%s: NOT converged within %d iterations: best at %d %s, AP50 %.3f"
                        + " (no budget left to check it)%n", v.head(), maxIterations, v.iterations(), v.best().variant(),
                        v.best().ap50()));
            } else {
                summary.append(String.format(Locale.ROOT, "%s: %s at %d iterations: best %s, AP50 %.3f; at %d iterations"
                        + " %.3f (%+.3f)%n", v.head(), v.converged() ? "converged" : "NOT converged", v.iterations(),
                        v.best().variant(), v.best().ap50(), v.check().iterations(), v.check().ap50(),
                        v.check().ap50() - v.best().ap50()));
            }
            summary.append('\n').append(AblationTable.COLUMNS).append('\n')
                    .append(AblationTable.SEPARATOR).append('\n');
            v.rows().forEach(row -> summary.append(row.markdown()).append('\n'));
        }
        log.println();
        log.print(summary);
        Files.writeString(out.resolve(SUMMARY), summary, StandardCharsets.UTF_8);
    }
}
