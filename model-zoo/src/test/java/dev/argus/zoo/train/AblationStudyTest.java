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
        String first = run(settings(out, "on,off", "4"));

        Path tableFile = out.resolve(AblationTable.FILE);
        List<AblationTable.Row> rows = readRows(tableFile);
        assertEquals(List.of("centernet-spp-fpn", "centernet-spp"), rows.stream().map(AblationTable.Row::variant).toList(), first);
        for (AblationTable.Row row : rows) {
            assertEquals(4, row.iterations());
            assertEquals(16, row.images());
            assertTrue(row.trainMinutes() > 0, row.toString());
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

    private static AblationTable.Row row(String head, boolean spp, double half, double end) {
        return new AblationTable.Row(head, spp, true, 400, 6400, 5, half, end, 0, 0, 0, 0, 0, Map.of(200, half, 400, end));
    }

    private static List<AblationTable.Row> readRows(Path tableFile) throws IOException {
        return Files.readAllLines(tableFile).stream().filter(l -> l.startsWith("| ") && !l.equals(AblationTable.COLUMNS))
                .map(AblationTable.Row::parse).toList();
    }
}
