package dev.argus.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doubling run for real at tiny budgets (64 px, 2 to 4 iterations, 4 held-out images): which studies
 * it trains, where it stops, what it writes, and that a rerun trains nothing again. At these budgets no
 * head leaves AP50 0.1, so the "converged" path is driven by a learning floor of 0.
 */
class ConvergedAblationTest {

    private static final Map<String, String> TINY = Map.of("input-size", "64", "batch-size", "2", "warmup", "1",
            "lr", "0.005", "heldout", "4");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private ConvergedAblation ablation(Path out, List<String> heads, double gain, double learningFloor) {
        return new ConvergedAblation(out, heads, 2, 4, gain, learningFloor, TINY, Map.of("detr", "0.004"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static List<String> variants(Path study) throws Exception {
        return AblationTable.read(study).rows().stream().map(AblationTable.Row::variant).toList();
    }

    @Test
    void aConvergedHeadStopsAtItsFirstBudgetAndDetrStartsFromCenterNetRowsOfThatBudget(@TempDir Path out) throws Exception {
        ConvergedAblation ablation = ablation(out, List.of("centernet", "detr"), 1.0, 0.0);
        List<ConvergedAblation.Verdict> verdicts = ablation.run();
        ablation.printSummary(verdicts);

        assertEquals(List.of("centernet", "detr"), verdicts.stream().map(ConvergedAblation.Verdict::head).toList());
        for (ConvergedAblation.Verdict v : verdicts) {
            assertTrue(v.converged(), v.toString());
            assertEquals(2, v.iterations());
            assertEquals(4, v.rows().size(), "all four variants at the converged budget");
            assertEquals(v.best().variant(), v.check().variant(), "the check is the best variant at twice the budget");
            assertEquals(4, v.check().iterations());
        }
        assertEquals(4, variants(ablation.studyDir("centernet", 2)).size());
        assertEquals(4, variants(ablation.studyDir("detr", 2)).size());
        assertEquals(List.of(verdicts.get(1).best().variant()), variants(ablation.studyDir("detr", 4)));
        // the DETR check at 4 iterations started from a CenterNet row of its variant at 4 iterations
        String detrBackbone = verdicts.get(1).best().variant().replace("detr", "centernet");
        assertTrue(variants(ablation.studyDir("centernet", 4)).contains(detrBackbone));
        assertTrue(AblationTable.read(ablation.studyDir("detr", 2)).settings().contains(" lr=0.004 "), "--head-lr detr=0.004");
        assertTrue(AblationTable.read(ablation.studyDir("centernet", 2)).settings().contains(" lr=0.005 "), "--lr for the others");

        String summary = Files.readString(out.resolve(ConvergedAblation.SUMMARY), StandardCharsets.UTF_8);
        assertTrue(summary.contains("centernet: converged at 2 iterations: best " + verdicts.get(0).best().variant()), summary);
        assertTrue(summary.contains("detr: converged at 2 iterations"), summary);
        assertEquals(8, summary.lines().filter(l -> l.startsWith("| centernet |") || l.startsWith("| detr |")).count(), summary);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(summary), "printed as written");
    }

    @Test
    void aHeadThatKeepsGainingDoublesToTheMaximumAndARerunTrainsNothing(@TempDir Path out) throws Exception {
        ConvergedAblation ablation = ablation(out, List.of("centernet"), -1.0, 0.0); // no gain is small enough
        List<ConvergedAblation.Verdict> verdicts = ablation.run();
        ablation.printSummary(verdicts);

        ConvergedAblation.Verdict v = verdicts.get(0);
        assertEquals(false, v.converged());
        assertEquals(4, v.iterations(), "doubled once, then twice 4 is beyond the maximum");
        assertEquals(null, v.check());
        assertEquals(4, variants(ablation.studyDir("centernet", 2)).size());
        assertEquals(4, variants(ablation.studyDir("centernet", 4)).size());
        String summary = Files.readString(out.resolve(ConvergedAblation.SUMMARY), StandardCharsets.UTF_8);
        assertTrue(summary.contains("centernet: NOT converged within 4 iterations"), summary);

        long logs = Files.walk(out).filter(p -> p.getFileName().toString().equals("train.log")).mapToLong(p -> p.toFile().length()).sum();
        printed.reset();
        ablation.printSummary(ablation.run());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("done in an earlier run, skipped"));
        assertEquals(logs, Files.walk(out).filter(p -> p.getFileName().toString().equals("train.log"))
                .mapToLong(p -> p.toFile().length()).sum(), "nothing trained again");
    }

    @Test
    void optionsItSetsPerStudyAreRefused(@TempDir Path out) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvergedAblation.parse(new String[] {"--out", out.toString(), "--iterations", "8000"}, System.out));
        assertTrue(e.getMessage().startsWith("--iterations is set per study by this command"), e.getMessage());
        ConvergedAblation.parse(new String[] {"--out", out.toString(), "--heads", "yolo", "--head-lr", "yolo=0.003"}, System.out);
        assertThrows(IllegalArgumentException.class,
                () -> ConvergedAblation.parse(new String[] {"--out", out.toString(), "--head-lr", "yolo"}, System.out));
    }
}
