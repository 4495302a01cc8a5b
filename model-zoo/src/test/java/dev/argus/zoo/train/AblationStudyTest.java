package dev.argus.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study run for real at a tiny budget (64 px, 4 iterations, 4 held-out images): the table file gets
 * one parseable row per variant, and a rerun on the same directory trains nothing it has done.
 */
class AblationStudyTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private static AblationStudy.Settings settings(Path out, String fpn, String iterations) {
        return AblationStudy.Settings.parse(new String[] {"--out", out.toString(), "--heads", "centernet", "--spp", "on",
                "--fpn", fpn, "--iterations", iterations, "--eval-every", "2", "--input-size", "64", "--batch-size", "4",
                "--warmup", "1", "--lr", "0.005", "--heldout", "4"});
    }

    private String run(AblationStudy.Settings settings) throws IOException {
        printed.reset();
        AblationStudy study = new AblationStudy(settings, new PrintStream(printed, true, StandardCharsets.UTF_8));
        study.run();
        study.printSummary();
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneRowPerVariantAndARerunSkipsTheDoneRows(@TempDir Path out) throws Exception {
        long started = System.nanoTime();
        String first = run(settings(out, "on,off", "4"));
        double studyMinutes = (System.nanoTime() - started) / 60e9;

        Path tableFile = out.resolve(AblationTable.FILE);
        List<AblationTable.Row> rows = readRows(tableFile);
        assertEquals(List.of("centernet-spp-fpn", "centernet-spp"), rows.stream().map(AblationTable.Row::variant).toList(), first);
        for (AblationTable.Row row : rows) {
            assertEquals(4, row.iterations());
            assertEquals(16, row.images());
            // Written to two decimals, so a fast machine records 0.00 for 4 iterations; the bound is the study's wall time.
            assertTrue(row.trainMinutes() >= 0 && row.trainMinutes() <= studyMinutes + 0.005,
                    row + " against a study of " + studyMinutes + " min");
            assertEquals(List.of(2, 4), List.copyOf(row.trajectory().keySet()));
            assertEquals(row.trajectory().get(2), row.ap50Half());
            assertEquals(row.trajectory().get(4), row.ap50());
            for (double ap : new double[] {row.ap(), row.ap50(), row.ap75(), row.ar100()}) {
                assertTrue(ap >= 0 && ap <= 1, row.toString());
            }
            Path runDir = out.resolve("runs").resolve(row.variant());
            assertEquals(2, Files.readAllLines(runDir.resolve(AblationStudy.EVALUATIONS)).size());
            assertTrue(Files.isRegularFile(runDir.resolve(Trainer.BUNDLE_DIR).resolve(TrainedBundle.MODEL)));
        }
        assertTrue(first.contains("Converged rule:"), first);
        assertTrue(first.contains("centernet: best centernet-spp"), first);

        Map<String, Long> logSizes = Map.of(
                "centernet-spp-fpn", Files.size(out.resolve("runs/centernet-spp-fpn/train.log")),
                "centernet-spp", Files.size(out.resolve("runs/centernet-spp/train.log")));
        String again = run(settings(out, "on,off", "4"));
        assertTrue(again.contains("centernet-spp-fpn: done in an earlier run, skipped"), again);
        assertTrue(again.contains("centernet-spp: done in an earlier run, skipped"), again);
        assertEquals(rows, readRows(tableFile));
        for (var e : logSizes.entrySet()) {
            assertEquals(e.getValue(), Files.size(out.resolve("runs").resolve(e.getKey()).resolve("train.log")),
                    e.getKey() + " was trained again");
        }
    }

    @Test
    void detrRowsStartFromTheCenterNetRowOfTheirVariant(@TempDir Path out) throws Exception {
        String[] args = {"--out", out.toString(), "--heads", "centernet,detr", "--spp", "off", "--fpn", "on",
                "--iterations", "2", "--eval-every", "2", "--input-size", "64", "--batch-size", "2", "--warmup", "1",
                "--heldout", "2", "--detr-backbones", out.toString()};
        String printedText = run(AblationStudy.Settings.parse(args));

        assertEquals(List.of("centernet-fpn", "detr-fpn"),
                readRows(out.resolve(AblationTable.FILE)).stream().map(AblationTable.Row::variant).toList(), printedText);
        String detrLog = Files.readString(out.resolve("runs/detr-fpn/train.log"));
        assertTrue(detrLog.contains("from " + out.resolve("runs/centernet-fpn").resolve(Trainer.BUNDLE_DIR)), detrLog);
        assertTrue(Files.readString(out.resolve(AblationTable.FILE)).contains("except DETR rows, which start from the CenterNet row"));
    }

    @Test
    void aDetrRowWithoutItsCenterNetRowIsRefusedNamingIt(@TempDir Path out) throws Exception {
        Path empty = Files.createDirectories(out.resolve("other-study"));
        String[] args = {"--out", out.resolve("study").toString(), "--heads", "detr", "--spp", "on", "--fpn", "off",
                "--iterations", "2", "--input-size", "64", "--batch-size", "2", "--heldout", "2", "--detr-backbones",
                empty.toString()};
        IOException e = assertThrows(IOException.class, () -> run(AblationStudy.Settings.parse(args)));
        assertTrue(e.getMessage().startsWith("detr-spp starts from the finished CenterNet row of its variant"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.resolve("runs/centernet-spp").toString()), e.getMessage());
        assertTrue(!Files.exists(out.resolve("study/runs/detr-spp")), "nothing trained");
    }

    @Test
    void refusesATableWrittenWithOtherSettings(@TempDir Path out) throws Exception {
        AblationTable.open(out, settings(out, "on", "4").shared(), List.of("a recipe"));
        IOException e = assertThrows(IOException.class, () -> run(settings(out, "on", "6")));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void bestVariantConvergesOnlyWhenItsLastHalfIsFlatAndItHasLearnt() {
        List<String> verdicts = AblationStudy.verdicts(List.of(
                row("centernet", true, 0.50, 0.51), row("centernet", false, 0.40, 0.60),
                row("yolo", true, 0.80, 0.81),
                row("yolo2", true, 0.004, 0.004)), 0.02);
        assertEquals(3, verdicts.size());
        assertTrue(verdicts.get(0).startsWith("centernet: best centernet-fpn ") && verdicts.get(0).contains(": NOT converged"),
                verdicts.get(0));
        assertTrue(verdicts.get(1).startsWith("yolo: best yolo-spp-fpn ") && verdicts.get(1).contains(": converged"),
                verdicts.get(1));
        assertTrue(verdicts.get(2).contains("NOT converged (AP50 below"), verdicts.get(2));
    }

    @Test
    void aHalfBudgetStudyIsJudgedByItsBestVariantTrainedToTwiceTheBudget(@TempDir Path dir) throws Exception {
        Path half = dir.resolve("half");
        run(settings(half, "on", "2"));
        String[] doubled = {"--out", dir.resolve("doubled").toString(), "--heads", "centernet", "--spp", "on", "--fpn", "on",
                "--iterations", "4", "--eval-every", "2", "--input-size", "64", "--batch-size", "4", "--warmup", "1",
                "--lr", "0.005", "--heldout", "4", "--half-budget", half.toString()};
        String printedText = run(AblationStudy.Settings.parse(doubled));

        AblationTable.Row atHalf = readRows(half.resolve(AblationTable.FILE)).get(0);
        AblationTable.Row atFull = readRows(dir.resolve("doubled").resolve(AblationTable.FILE)).get(0);
        assertTrue(printedText.contains("Two-budget rule: the budget of 2 iterations"), printedText);
        assertTrue(printedText.contains(String.format(java.util.Locale.ROOT,
                "centernet: best at 2 iterations centernet-spp-fpn, AP50 %.3f; at 4 iterations %.3f (%+.3f): ",
                atHalf.ap50(), atFull.ap50(), atFull.ap50() - atHalf.ap50())), printedText);

        String[] notHalf = doubled.clone();
        notHalf[9] = "6"; // 6 iterations: the 2-iteration study is not half of it
        notHalf[1] = dir.resolve("other").toString();
        IOException e = assertThrows(IOException.class, () -> run(AblationStudy.Settings.parse(notHalf)));
        assertTrue(e.getMessage().contains("is not this study at half the budget"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("other/runs")), "nothing trained");
    }

    @Test
    void twoBudgetVerdictComparesTheHalfBudgetsBestVariantWithItselfTrainedTwiceAsLong() {
        List<AblationTable.Row> half = List.of(row("centernet", true, 0.5, 0.70), row("centernet", false, 0.5, 0.72),
                row("yolo", false, 0.5, 0.60), row("yolo2", true, 0.004, 0.005), row("detr", true, 0.3, 0.5));
        List<AblationTable.Row> doubled = List.of(row("centernet", false, 800, 0.7, 0.73), row("centernet", true, 800, 0.7, 0.90),
                row("yolo", false, 800, 0.6, 0.70), row("yolo2", true, 800, 0.004, 0.005));
        List<String> verdicts = AblationStudy.doublingVerdicts(half, doubled, 400, 0.02);
        assertEquals(4, verdicts.size());
        // judged by the best variant at the half budget (SPP off), not by the variant that is best when doubled
        assertEquals("centernet: best at 400 iterations centernet-fpn, AP50 0.720; at 800 iterations 0.730 (+0.010): converged at 400 iterations",
                verdicts.get(0));
        assertTrue(verdicts.get(1).endsWith("(+0.100): NOT converged at 400 iterations"), verdicts.get(1));
        assertTrue(verdicts.get(2).endsWith("NOT converged (AP50 below 0.1 at 400)"), verdicts.get(2));
        assertTrue(verdicts.get(3).endsWith("not run here: no verdict"), verdicts.get(3));
    }

    private static AblationTable.Row row(String head, boolean spp, double half, double end) {
        return row(head, spp, 400, half, end);
    }

    private static AblationTable.Row row(String head, boolean spp, int iterations, double half, double end) {
        return new AblationTable.Row(head, spp, true, iterations, 16L * iterations, 5, half, end, 0, 0, 0, 0, 0,
                Map.of(iterations / 2, half, iterations, end));
    }

    private static List<AblationTable.Row> readRows(Path tableFile) throws IOException {
        return Files.readAllLines(tableFile).stream().filter(l -> l.startsWith("| ") && !l.equals(AblationTable.COLUMNS))
                .map(AblationTable.Row::parse).toList();
    }
}
