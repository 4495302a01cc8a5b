package dev.argus.hive;

import dev.argus.hive.embedded.EmbeddedHive;

import static dev.argus.hive.LayoutFiles.box;
import static dev.argus.hive.LayoutFiles.detected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;

/**
 * {@code min_score} against Hive's own {@code WHERE score >= <threshold>}, in every form a threshold is
 * written in, with the cost-based optimizer on (and never falling back) and off; and arguments that
 * are constant expressions, which the optimizer sees before it has folded them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThresholdsAndConstantsOnHiveTest {

    /**
     * The thresholds, each written as a user might; scores sit on, just below and just above each. The
     * last two forms of each are not constants (they read a column), so they are read per image and
     * compared as Hive compares a FLOAT column with a DECIMAL or a DOUBLE one.
     */
    private static final Map<String, List<String>> THRESHOLD_FORMS = Map.of(
            "0.7", List.of("0.7", "0.7BD", "7e-1", "0.7D", "CAST(0.7 AS DECIMAL(5,3))", "CAST(0.7 AS FLOAT)",
                    "0.5+0.2", perImageDecimal("0.7"), perImageDouble("0.7")),
            "0.9", List.of("0.9", "0.9BD", "9e-1", "0.9D", "CAST(0.9 AS DECIMAL(5,3))", "CAST(0.9 AS FLOAT)",
                    "0.4+0.5", perImageDecimal("0.9"), perImageDouble("0.9")),
            "0.3", List.of("0.3", "0.3BD", "3e-1", "0.3D", "CAST(0.3 AS DECIMAL(5,3))", "CAST(0.3 AS FLOAT)",
                    "0.1+0.2", perImageDecimal("0.3"), perImageDouble("0.3")),
            "0.5", List.of("0.5", "5e-1", "0.5D", "0.25+0.25"),
            "0", List.of("0", "0.0", "0D", "CAST(0 AS DOUBLE)"),
            "1", List.of("1", "1.0", "1e0", "1D"));

    /**
     * A DECIMAL threshold that Hive cannot fold, as it reads a column: every image's inference_millis
     * is 12.5, so this is exactly {@code value}. (A form such as {@code if(d.image_id = 'x', 0.0, 0.9)}
     * would do too, but Hive 4.0.1's own WHERE keeps every row with it.)
     */
    private static String perImageDecimal(String value) {
        return "CAST(d.inference_millis AS DECIMAL(5,2)) / 12.5 * " + value;
    }

    /** The same as a DOUBLE: a FLOAT column divided by a DECIMAL is a DOUBLE. */
    private static String perImageDouble(String value) {
        return "d.inference_millis / 12.5 * " + value + "D";
    }

    private ArgusHiveFixture argus;
    private EmbeddedHive hive;

    @BeforeAll
    void startHive(@TempDir Path base) throws IOException {
        argus = ArgusHiveFixture.start(base);
        hive = argus.hive;
        Path boundary = SyntheticDetections.write(base.resolve("boundary"), boundaryImages());
        hive.run("CREATE EXTERNAL TABLE boundary_scores STORED AS AVRO LOCATION '" + boundary.toUri()
                + "' TBLPROPERTIES ('avro.schema.url'='" + argus.schemaUrl + "/ImageDetections.avsc')");
    }

    @AfterAll
    void stopHive() throws IOException {
        if (argus != null) {
            argus.close();
        }
    }

    /**
     * One image per threshold: its float, the floats either side of it, and the float nearest the
     * double; then NaN and -0.0, which Hive's comparison orders too (NaN above every number).
     */
    private static List<ImageDetections> boundaryImages() {
        List<ImageDetections> images = new ArrayList<>();
        for (String threshold : List.of("0.7", "0.9", "0.3", "0.5", "0", "1")) {
            float f = Float.parseFloat(threshold);
            images.add(detected("at-" + threshold, "m", "1", det(f), det(Math.nextDown(f)), det(Math.nextUp(f)),
                    det((float) Math.nextUp(Double.parseDouble(threshold)))));
        }
        images.add(detected("odd", "m", "1", det(Float.NaN), det(-0.0f), det(0.0f), det(0.95f)));
        return images;
    }

    private static Detection det(float score) {
        return box("person", 0, score, 0, 0, 10, 10);
    }

    private List<List<String>> sorted(String query) {
        return sorted(hive.rows(query));
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    /** Runs {@code check} with the cost-based optimizer on, never falling back, then off. */
    private void withAndWithoutCbo(Runnable check) {
        try {
            hive.run("SET hive.cbo.enable=true");
            hive.run("SET hive.cbo.fallback.strategy=NEVER");
            check.run();
            hive.run("SET hive.cbo.enable=false");
            check.run();
        } finally {
            hive.run("SET hive.cbo.enable=true");
            hive.run("SET hive.cbo.fallback.strategy=CONSERVATIVE");
        }
    }

    private List<List<String>> explodeKept(String table, String threshold) {
        return sorted("SELECT d.image_id, e.score FROM " + table + " d "
                + "LATERAL VIEW explode_detections(d.detections, " + threshold + ") e");
    }

    /** Hive's own answer: {@code WHERE score >= threshold} over {@code inline()}'s score column. */
    private List<List<String>> whereKept(String table, String threshold) {
        return sorted(whereKeptInOrder(table, threshold));
    }

    private List<List<String>> whereKeptInOrder(String table, String threshold) {
        if (!threshold.contains("d.")) {
            return hive.rows("SELECT d.image_id, t.score FROM " + table + " d "
                    + "LATERAL VIEW inline(d.detections) t WHERE t.score >= " + threshold);
        }
        // Hive 4.0.1 drops a WHERE condition that reads columns of both sides of a lateral view (it
        // keeps every row), so the comparison is selected and the rows it is true for kept here.
        return hive.rows("SELECT d.image_id, t.score, t.score >= " + threshold + " FROM " + table + " d "
                + "LATERAL VIEW inline(d.detections) t").stream()
                .filter(row -> row.get(2).equals("true")).map(row -> row.subList(0, 2)).toList();
    }

    @Nested
    class MinScoreEqualsWhere {

        @Test
        void everyThresholdFormKeepsWhatWhereKeeps() {
            withAndWithoutCbo(() -> THRESHOLD_FORMS.forEach((value, forms) -> {
                for (String form : forms) {
                    List<List<String>> where = whereKept("boundary_scores", form);
                    assertFalse(where.isEmpty(), form);
                    assertEquals(where, explodeKept("boundary_scores", form), form);
                }
            }));
        }

        /**
         * The one form that differs: a DOUBLE constant expression. Hive's WHERE turns a numeric literal
         * into the column's type (7e-1 becomes 0.7f) but compares an expression such as CAST(0.7 AS DOUBLE)
         * as a DOUBLE; the function only ever sees the folded DOUBLE 0.7, so it takes it as the literal.
         * A DOUBLE that differs per image is compared as a DOUBLE, as WHERE does: so the test can fail.
         */
        @Test
        void aDoubleConstantIsTakenAsALiteralAndAPerImageDoubleAsADouble() {
            withAndWithoutCbo(() -> {
                List<List<String>> asLiteral = explodeKept("boundary_scores", "CAST(0.7 AS DOUBLE)");
                assertEquals(whereKept("boundary_scores", "7e-1"), asLiteral);
                assertNotEquals(whereKept("boundary_scores", "CAST(0.7 AS DOUBLE)"), asLiteral);
                // 0.7f is 0.699999988: at least 0.7 as a float or decimal, below it as a double
                List<List<String>> perImageDouble = explodeKept("boundary_scores", perImageDouble("0.7"));
                assertTrue(asLiteral.contains(List.of("at-0.7", "0.7")), asLiteral.toString());
                assertFalse(perImageDouble.contains(List.of("at-0.7", "0.7")), perImageDouble.toString());
            });
        }

        @Test
        void theFixturesImageCKeepsItsPersonAtExactly07() {
            withAndWithoutCbo(() -> {
                assertEquals(List.of(List.of("0", "person", "0.95"), List.of("1", "person", "0.7")),
                        hive.rows("SELECT e.pos, e.label, e.score FROM argus.detections d "
                                + "LATERAL VIEW explode_detections(d.detections, 0.7) e "
                                + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-c'"));
                assertEquals(hive.rows("SELECT t.label, t.score FROM argus.detections d LATERAL VIEW inline(d.detections) t "
                                + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-c' AND t.score >= 0.7"),
                        hive.rows("SELECT e.label, e.score FROM argus.detections d "
                                + "LATERAL VIEW explode_detections(d.detections, 0.7) e "
                                + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-c'"));
            });
        }

        @Test
        void theSyntheticTableAgreesAtTheIssuesThresholds() {
            withAndWithoutCbo(() -> {
                for (String threshold : List.of("0.7", "0.9", "7e-1", perImageDouble("0.7"))) {
                    assertEquals(whereKept("synthetic_detections", threshold),
                            explodeKept("synthetic_detections", threshold), threshold);
                }
            });
        }

        @Test
        void detectionPairsPairsWhatWhereKeeps() {
            withAndWithoutCbo(() -> {
                for (String form : List.of("0.7", "7e-1", "0.5+0.2", perImageDouble("0.7"), "0.9",
                        "0.9D", "0")) {
                    // inline() keeps the array order: every later kept detection pairs with each earlier one
                    List<List<String>> kept = whereKeptInOrder("boundary_scores", form);
                    List<List<String>> expected = new ArrayList<>();
                    for (int a = 0; a < kept.size(); a++) {
                        for (int b = a + 1; b < kept.size(); b++) {
                            if (kept.get(a).get(0).equals(kept.get(b).get(0))) {
                                expected.add(List.of(kept.get(a).get(0), kept.get(a).get(1), kept.get(b).get(1)));
                            }
                        }
                    }
                    expected.sort(Comparator.comparing(Object::toString));
                    assertFalse(expected.isEmpty(), form);
                    assertEquals(expected, sorted("SELECT d.image_id, p.score_a, p.score_b FROM boundary_scores d "
                            + "LATERAL VIEW detection_pairs(d.detections, " + form + ") p"), form);
                }
            });
        }

        @Test
        void decimalAndIntegerScoresAreComparedAsHiveComparesThem() {
            // score DECIMAL(3,2) against a DECIMAL, a DOUBLE and an INT threshold; score INT against a DECIMAL
            String decimals = "SELECT array(named_struct('label', 'a', 'class_id', 0, 'score', CAST(0.70 AS DECIMAL(3,2)), "
                    + "'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1), named_struct('label', 'b', 'class_id', 0, "
                    + "'score', CAST(0.69 AS DECIMAL(3,2)), 'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)) AS dets";
            String ints = "SELECT array(named_struct('label', 'a', 'class_id', 0, 'score', 1, "
                    + "'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1), named_struct('label', 'b', 'class_id', 0, "
                    + "'score', 0, 'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)) AS dets";
            withAndWithoutCbo(() -> {
                for (String[] c : new String[][] {{decimals, "0.7"}, {decimals, "0.7D"},
                        {decimals, "0"}, {ints, "0.5"}, {ints, "1"}}) {
                    assertEquals(
                            hive.rows("SELECT t.label FROM (" + c[0] + ") s LATERAL VIEW inline(s.dets) t "
                                    + "WHERE t.score >= " + c[1]),
                            hive.rows("SELECT e.label FROM (" + c[0] + ") s "
                                    + "LATERAL VIEW explode_detections(s.dets, " + c[1] + ") e"), c[1]);
                }
            });
        }
    }

    @Nested
    class ConstantExpressions {

        private List<List<String>> imageC(String arguments) {
            return hive.rows("SELECT e.pos, e.label FROM argus.detections d LATERAL VIEW explode_detections(d.detections"
                    + arguments + ") e WHERE d.model_name = 'centernet' AND d.image_id = 'img-c'");
        }

        @Test
        void foldedConstantsRunWithoutTheOptimizerGivingUp() {
            withAndWithoutCbo(() -> {
                assertEquals(List.of(List.of("0", "person"), List.of("1", "person")), imageC(", 0.5 + 0.2"));
                assertEquals(List.of(List.of("0", "person"), List.of("1", "person"), List.of("2", "car")),
                        imageC(", NULL, split('person,car', ',')"));
                assertEquals(List.of(List.of("2", "car")), imageC(", 0.5, array(concat('c', 'ar'))"));
                assertEquals(List.of(List.of("0", "person"), List.of("1", "person")),
                        hive.rows("SELECT e.pos, e.label FROM (SELECT d.detections, 0.7 AS ms FROM argus.detections d "
                                + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-c') x "
                                + "LATERAL VIEW explode_detections(x.detections, x.ms) e"));
                // 0.3 + 0.3 is the DECIMAL 0.6: the car at 0.6 is kept and paired with both people
                assertEquals(List.of(List.of("0", "2"), List.of("1", "2")), hive.rows("SELECT p.pos_a, p.pos_b "
                        + "FROM argus.detections d LATERAL VIEW detection_pairs(d.detections, 0.3 + 0.3) p "
                        + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-c' AND p.label_b = 'car'"));
            });
        }

        @Test
        void varcharAndCharLabelsWork() {
            withAndWithoutCbo(() -> {
                assertEquals(List.of(List.of("0", "person"), List.of("1", "person"), List.of("2", "car")),
                        imageC(", 0.0, array(CAST('person' AS VARCHAR(10)), CAST('car' AS CHAR(3)))"));
                assertEquals(List.of(List.of("2", "car")), imageC(", NULL, array(CAST('car' AS CHAR(5)))"));
            });
        }

        @Test
        void aThresholdThatDiffersPerImageIsReadPerImage() {
            withAndWithoutCbo(() -> assertEquals(
                    List.of(List.of("img-a", "0"), List.of("img-a", "1"), List.of("img-c", "0")),
                    hive.rows("SELECT d.image_id, e.pos FROM argus.detections d LATERAL VIEW explode_detections("
                            + "d.detections, if(d.image_id = 'img-a', 0.8, 0.9)) e "
                            + "WHERE d.model_name = 'centernet' AND d.image_id IN ('img-a', 'img-c')")));
        }

        @Test
        void aColumnOutOfRangeFailsWithTheSameMessageWhenItIsRead() {
            String message = assertThrows(EmbeddedHive.StatementFailed.class, () -> hive.run(
                    "SELECT e.* FROM argus.detections d LATERAL VIEW explode_detections(d.detections, d.inference_millis) e"))
                    .hiveMessage();
            assertTrue(message.contains("explode_detections(detections [, min_score [, labels]]): min_score must be "
                    + "between 0 and 1, but it is 12.5"), message);
        }

        @Test
        void explainShowsTheFunctionsByName() {
            String plan = String.join("\n", hive.run("EXPLAIN SELECT e.label FROM argus.detections d "
                    + "LATERAL VIEW explode_detections(d.detections, 0.5) e"));
            assertTrue(plan.contains("function name: explode_detections"), plan);
            String pairs = String.join("\n", hive.run("EXPLAIN SELECT p.iou FROM argus.detections d "
                    + "LATERAL VIEW detection_pairs(d.detections) p"));
            assertTrue(pairs.contains("function name: detection_pairs"), pairs);
        }
    }
}
