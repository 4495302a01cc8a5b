package dev.argus.hive;

import dev.argus.hive.embedded.EmbeddedHive;
import dev.argus.hive.embedded.HiveScript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import dev.argus.hive.bench.HiveQueryBenchmark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UDTFs on a real Hive 4 (embedded, Derby metastore, local MapReduce), over tables made by the
 * shipped DDL on Avro files written with the contract classes. One Hive for all the tests here:
 * it takes up to a minute to start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionUdtfsOnHiveTest {

    Path base;
    ArgusHiveFixture argus;
    EmbeddedHive hive;

    @BeforeAll
    void startHive(@TempDir Path base) throws IOException {
        this.base = base;
        argus = ArgusHiveFixture.start(base);
        hive = argus.hive;
    }

    @AfterAll
    void stopHive() throws IOException {
        if (argus != null) {
            argus.close();
        }
    }

    private List<List<String>> rows(String query) {
        return hive.rows(query);
    }

    private static List<String> row(String... columns) {
        return List.of(columns);
    }

    /** A detection as a SQL named_struct; null arguments become typed NULLs. */
    private static String det(String label, Integer classId, Float score, Float x1, Float y1, Float x2, Float y2) {
        return "named_struct('label', " + (label == null ? "CAST(NULL AS STRING)" : "'" + label + "'")
                + ", 'class_id', " + (classId == null ? "CAST(NULL AS INT)" : classId.toString())
                + ", 'score', " + sqlFloat(score) + ", 'x1', " + sqlFloat(x1) + ", 'y1', " + sqlFloat(y1)
                + ", 'x2', " + sqlFloat(x2) + ", 'y2', " + sqlFloat(y2) + ")";
    }

    private static String sqlFloat(Float value) {
        return "CAST(" + (value == null ? "NULL" : value.toString()) + " AS FLOAT)";
    }

    /** A NULL element of the same struct type, which Hive cannot write as a literal. */
    private static String nullDet() {
        return "if(false, " + det("x", 0, 0f, 0f, 0f, 0f, 0f) + ", NULL)";
    }

    /** Runs a UDTF over one literal detections array and returns its rows. */
    private List<List<String>> over(String udtfCall, String... detections) {
        return rows("SELECT u.* FROM (SELECT array(" + String.join(", ", detections) + ") AS dets) t "
                + "LATERAL VIEW " + udtfCall.replace("DETS", "t.dets") + " u");
    }

    private List<List<String>> explodeImage(String imageId, String arguments) {
        return rows("SELECT e.* FROM argus.detections d LATERAL VIEW explode_detections(d.detections" + arguments
                + ") e WHERE d.model_name = 'centernet' AND d.image_id = '" + imageId + "'");
    }

    @Nested
    class ExplodeDetectionsOnRealData {

        @Test
        void equalsInlineRowForRowOnTheSyntheticTable() {
            List<List<String>> udtf = rows("SELECT d.image_id, e.label, e.class_id, e.score, e.x1, e.y1, e.x2, e.y2 "
                    + "FROM synthetic_detections d LATERAL VIEW explode_detections(d.detections) e");
            List<List<String>> inline = rows("SELECT d.image_id, t.label, t.class_id, t.score, t.x1, t.y1, t.x2, t.y2 "
                    + "FROM synthetic_detections d LATERAL VIEW inline(d.detections) t");
            assertEquals(argus.syntheticDetections, udtf.size());
            assertEquals(inline, udtf);
        }

        @Test
        void filtersInsideEqualInlineWithWhere() {
            List<List<String>> udtf = rows("SELECT d.image_id, e.label, e.score "
                    + "FROM synthetic_detections d "
                    + "LATERAL VIEW explode_detections(d.detections, 0.7, array('person', 'forklift')) e");
            List<List<String>> inline = rows("SELECT d.image_id, t.label, t.score "
                    + "FROM synthetic_detections d LATERAL VIEW inline(d.detections) t "
                    + "WHERE t.score >= 0.7 AND t.label IN ('person', 'forklift')");
            assertFalse(udtf.isEmpty());
            assertEquals(inline, udtf);
        }

        @Test
        void derivedColumnsEqualTheSqlTheyReplace() {
            List<List<String>> udtf = rows(HiveQueryBenchmark.EXPLODE_QUERY.replace("TABLE", "synthetic_detections"));
            List<List<String>> inline = rows(HiveQueryBenchmark.INLINE_QUERY.replace("TABLE", "synthetic_detections"));
            assertFalse(udtf.isEmpty());
            assertEquals(inline, udtf);
        }

        /**
         * LATERAL VIEW's join reads every column of a row at once; a UDTF in the SELECT list hands its row
         * to a Select that reads only the columns it needs, in its own order, some twice. The row works
         * its columns out on demand, so both ways must give the same values.
         */
        @Test
        void columnsReadOneByOneInAnyOrderEqualTheLateralView() {
            List<List<String>> oneByOne = rows("SELECT e.size_class, e.area, e.pos, e.area, e.score, e.cy, e.label "
                    + "FROM (SELECT explode_detections(d.detections, 0.5) FROM synthetic_detections d) e");
            List<List<String>> lateralView = rows("SELECT e.size_class, e.area, e.pos, e.area, e.score, e.cy, e.label "
                    + "FROM synthetic_detections d LATERAL VIEW explode_detections(d.detections, 0.5) e");
            assertFalse(oneByOne.isEmpty());
            assertEquals(lateralView, oneByOne);
        }

        @Test
        void oneRowPerDetectionWithItsGeometry() {
            assertEquals(List.of(
                    row("0", "person", "0", "0.9", "10.0", "10.0", "50.0", "90.0",
                            "40.0", "80.0", "3200.0", "30.0", "50.0", "medium"),
                    row("1", "forklift", "7", "0.8", "100.0", "20.0", "300.0", "220.0",
                            "200.0", "200.0", "40000.0", "200.0", "120.0", "large"),
                    row("2", "person", "0", "0.3", "0.0", "0.0", "10.0", "10.0",
                            "10.0", "10.0", "100.0", "5.0", "5.0", "small")),
                    explodeImage("img-a", ""));
        }

        @Test
        void sizeClassBoundariesAreCocos() {
            // 31.99^2 < 32^2 = 1024 <= medium < 96^2 = 9216 <= large
            List<List<String>> rows = over("explode_detections(DETS)",
                    det("a", 0, 0.9f, 0f, 0f, 31.99f, 32f), det("b", 0, 0.9f, 0f, 0f, 32f, 32f),
                    det("c", 0, 0.9f, 0f, 0f, 95.99f, 96f), det("d", 0, 0.9f, 0f, 0f, 96f, 96f));
            assertEquals(List.of("small", "medium", "medium", "large"), rows.stream().map(r -> r.get(13)).toList());
        }

        @Test
        void aBoxWithRightLeftOfLeftHasNoArea() {
            List<List<String>> rows = over("explode_detections(DETS)", det("odd", 0, 0.9f, 50f, 10f, 40f, 30f));
            assertEquals(row("0", "odd", "0", "0.9", "50.0", "10.0", "40.0", "30.0",
                    "0.0", "20.0", "0.0", "45.0", "20.0", "small"), rows.get(0));
        }

        @Test
        void minScoreKeepsScoresAtOrAboveIt() {
            assertEquals(List.of("0", "1"), explodeImage("img-a", ", 0.8").stream().map(r -> r.get(0)).toList());
            assertEquals(List.of("0", "1"), explodeImage("img-d", ", 0.5").stream().map(r -> r.get(0)).toList());
            assertEquals(List.of(), explodeImage("img-d", ", 0.99"));
        }

        @Test
        void labelsKeepOnlyThoseLabelsAndPosStaysTheArrayIndex() {
            assertEquals(List.of(row("1", "forklift")),
                    explodeImage("img-a", ", 0.0, array('forklift', 'car')").stream().map(r -> r.subList(0, 2)).toList());
            assertEquals(List.of(row("0", "person"), row("2", "person")),
                    explodeImage("img-a", ", NULL, array('person')").stream().map(r -> r.subList(0, 2)).toList());
            assertEquals(List.of(row("0", "person")),
                    explodeImage("img-a", ", 0.5, array('person')").stream().map(r -> r.subList(0, 2)).toList());
            assertEquals(3, explodeImage("img-a", ", NULL, NULL").size());
        }

        @Test
        void outerKeepsImagesWithoutDetections() {
            String query = "SELECT d.image_id, e.pos, e.label, e.size_class FROM argus.detections d "
                    + "LATERAL VIEW %s explode_detections(d.detections, 0.5) e "
                    + "WHERE d.model_name = 'centernet' AND d.image_id IN ('img-a', 'img-b')";
            assertEquals(List.of(row("img-a", "0", "person", "medium"), row("img-a", "1", "forklift", "large")),
                    rows(String.format(query, "")));
            assertEquals(List.of(row("img-a", "0", "person", "medium"), row("img-a", "1", "forklift", "large"),
                    row("img-b", "NULL", "NULL", "NULL")), rows(String.format(query, "OUTER")));
        }

        @Test
        void outerKeepsAnImageWhoseDetectionsAreAllFilteredOut() {
            assertEquals(List.of(row("img-a", "NULL")), rows("SELECT d.image_id, e.label FROM argus.detections d "
                    + "LATERAL VIEW OUTER explode_detections(d.detections, 0.5, array('car')) e "
                    + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-a'"));
        }
    }

    @Nested
    class ExplodeDetectionsOnOddData {

        @Test
        void nullArrayGivesNoRows() {
            assertEquals(List.of(), rows("SELECT e.* FROM (SELECT if(false, array(" + det("x", 0, 0f, 0f, 0f, 0f, 0f)
                    + "), NULL) AS dets) t LATERAL VIEW explode_detections(t.dets) e"));
        }

        @Test
        void nullElementsAreSkippedAndNullFieldsGiveNullColumns() {
            List<List<String>> rows = over("explode_detections(DETS)",
                    det(null, 1, 0.9f, null, 0f, 10f, 10f),
                    nullDet(),
                    det("cat", null, null, 0f, 0f, 10f, 10f));
            assertEquals(List.of(
                    row("0", "NULL", "1", "0.9", "NULL", "0.0", "10.0", "10.0",
                            "NULL", "NULL", "NULL", "NULL", "NULL", "NULL"),
                    row("2", "cat", "NULL", "NULL", "0.0", "0.0", "10.0", "10.0",
                            "10.0", "10.0", "100.0", "5.0", "5.0", "small")), rows);
        }

        @Test
        void aNullScoreNeverPassesAThresholdAndANullLabelNeverMatches() {
            String[] dets = {det(null, 1, 0.9f, 0f, 0f, 1f, 1f), det("cat", 2, null, 0f, 0f, 1f, 1f)};
            assertEquals(List.of("0"), over("explode_detections(DETS, 0.5)", dets).stream().map(r -> r.get(0)).toList());
            assertEquals(List.of("1"), over("explode_detections(DETS, NULL, array('cat'))", dets).stream()
                    .map(r -> r.get(0)).toList());
        }

        @Test
        void findsFieldsByNameWhateverTheirOrderTypesOrExtraFields() {
            String reordered = "named_struct('track_id', 17, 'y2', CAST(40 AS DOUBLE), 'x2', 30, "
                    + "'score', CAST(0.75 AS DECIMAL(3,2)), 'label', CAST('dog' AS VARCHAR(10)), 'class_id', CAST(5 AS BIGINT), "
                    + "'y1', CAST(20 AS DOUBLE), 'x1', CAST(10 AS FLOAT), 'note', 'extra')";
            assertEquals(List.of(row("0", "dog", "5", "0.75", "10.0", "20.0", "30.0", "40.0",
                    "20.0", "20.0", "400.0", "20.0", "30.0", "small")), over("explode_detections(DETS, 0.75)", reordered));
        }

        @Test
        void aFieldAddedToTheAvroSchemaLaterChangesNothing() {
            assertEquals(List.of(
                    row("img-z", "0", "person", "0", "0.9", "100.0", "small"),
                    row("img-z", "1", "NULL", "3", "0.4", "1600.0", "medium")),
                    rows("SELECT d.image_id, e.pos, e.label, e.class_id, e.score, e.area, e.size_class "
                            + "FROM evolved_detections d LATERAL VIEW explode_detections(d.detections) e"));
            assertEquals(List.of(row("0", "person", "1", "NULL", "0.0625")), // 10x10 inside 40x40: 100 / 1600
                    rows("SELECT p.pos_a, p.label_a, p.pos_b, p.label_b, p.iou "
                            + "FROM evolved_detections d LATERAL VIEW detection_pairs(d.detections) p"));
        }

        @Test
        void describeFunctionExtendedTeachesTheUsage() {
            String help = String.join("\n", hive.run("DESCRIBE FUNCTION EXTENDED explode_detections"));
            assertTrue(help.contains("explode_detections(detections [, min_score [, labels]])"), help);
            assertTrue(help.contains("size_class"), help);
            assertTrue(help.contains("LATERAL VIEW explode_detections(d.detections, 0.5, array('person', 'forklift'))"), help);
            String pairs = String.join("\n", hive.run("DESCRIBE FUNCTION EXTENDED detection_pairs"));
            assertTrue(pairs.contains("detection_pairs(detections [, min_score])"), pairs);
            assertTrue(pairs.contains("center_distance < 100"), pairs);
        }
    }

    @Nested
    class DetectionPairsOnHive {

        private List<List<String>> pairs(String imageId, String model, String arguments) {
            return rows("SELECT p.* FROM argus.detections d LATERAL VIEW detection_pairs(d.detections" + arguments
                    + ") p WHERE d.model_name = '" + model + "' AND d.image_id = '" + imageId + "'");
        }

        @Test
        void overlappingBoxesHandComputed() {
            // (0,0)-(100,100) and (50,50)-(150,150): intersection 50*50 = 2500, union 10000 + 10000 - 2500
            List<List<String>> rows = pairs("img-d", "centernet", "");
            assertEquals(1, rows.size());
            assertEquals(row("0", "forklift", "0.55", "1", "person", "0.5"), rows.get(0).subList(0, 6));
            assertEquals(2500f / 17500f, Float.parseFloat(rows.get(0).get(6)), 1e-6);
            assertEquals(Math.hypot(50, 50), Float.parseFloat(rows.get(0).get(7)), 1e-4);
        }

        @Test
        void everyUnorderedPairOnceWithPosAFirst() {
            List<List<String>> rows = pairs("img-a", "centernet", "");
            assertEquals(List.of(row("0", "1"), row("0", "2"), row("1", "2")),
                    rows.stream().map(r -> row(r.get(0), r.get(3))).toList());
            // person (10,10)-(50,90) and forklift (100,20)-(300,220) do not touch: centres (30,50) and (200,120)
            assertEquals("0.0", rows.get(0).get(6));
            assertEquals(Math.hypot(170, 70), Float.parseFloat(rows.get(0).get(7)), 1e-3);
        }

        @Test
        void containedBoxAndIdenticalBoxes() {
            List<List<String>> rows = over("detection_pairs(DETS)",
                    det("a", 0, 0.9f, 0f, 0f, 100f, 100f), det("b", 0, 0.8f, 25f, 25f, 75f, 75f),
                    det("c", 0, 0.7f, 0f, 0f, 100f, 100f));
            assertEquals(0.25f, Float.parseFloat(rows.get(0).get(6)), 1e-6); // a contains b: 2500 / 10000
            assertEquals(0f, Float.parseFloat(rows.get(0).get(7)), 1e-6);     // same centre
            assertEquals(1f, Float.parseFloat(rows.get(1).get(6)), 1e-6);     // a and c are the same box
        }

        @Test
        void minScoreDropsDetectionsBeforePairing() {
            assertEquals(List.of(row("0", "1")), pairs("img-a", "centernet", ", 0.5").stream()
                    .map(r -> row(r.get(0), r.get(3))).toList());
            assertEquals(List.of(), pairs("img-e", "centernet", ", 0.5"));
        }

        @Test
        void fewerThanTwoDetectionsGiveNoPairs() {
            assertEquals(List.of(), pairs("img-a", "yolo", ""));
            assertEquals(List.of(), pairs("img-b", "centernet", ""));
        }

        @Test
        void nullsGiveNullGeometryNeverAnError() {
            List<List<String>> rows = over("detection_pairs(DETS)",
                    det("a", 0, 0.9f, 0f, 0f, 10f, 10f), nullDet(), det("b", 0, null, null, 0f, 10f, 10f),
                    det(null, 0, 0.5f, 0f, 0f, 10f, 10f));
            assertEquals(List.of(
                    row("0", "a", "0.9", "2", "b", "NULL", "NULL", "NULL"),
                    row("0", "a", "0.9", "3", "NULL", "0.5", "1.0", "0.0"),
                    row("2", "b", "NULL", "3", "NULL", "0.5", "NULL", "NULL")), rows);
            assertEquals(List.of(), rows("SELECT p.* FROM (SELECT if(false, array(" + det("x", 0, 0f, 0f, 0f, 0f, 0f)
                    + "), NULL) AS dets) t LATERAL VIEW detection_pairs(t.dets) p"));
        }

        @Test
        void manyDetectionsGiveNChooseTwoPairs() {
            List<List<String>> counts = rows("SELECT d.image_id, size(d.detections), count(p.pos_a) "
                    + "FROM synthetic_detections d LATERAL VIEW OUTER detection_pairs(d.detections) p "
                    + "GROUP BY d.image_id, size(d.detections)");
            assertEquals(ArgusHiveFixture.SYNTHETIC_IMAGES, counts.size());
            for (List<String> image : counts) {
                long n = Long.parseLong(image.get(1));
                assertEquals(n * (n - 1) / 2, Long.parseLong(image.get(2)), image.toString());
            }
        }
    }

    @Nested
    class BadCalls {

        private String failure(String query) {
            return assertThrows(EmbeddedHive.StatementFailed.class, () -> hive.run(query)).hiveMessage();
        }

        private void failsWith(String expected, String udtfCall) {
            String message = failure("SELECT e.* FROM argus.detections d LATERAL VIEW " + udtfCall + " e");
            assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        }

        @Test
        void wrongArity() {
            failsWith("explode_detections(detections [, min_score [, labels]]) takes 1 to 3 arguments, but was given 0",
                    "explode_detections()");
            failsWith("explode_detections(detections [, min_score [, labels]]) takes 1 to 3 arguments, but was given 4",
                    "explode_detections(d.detections, 0.5, array('person'), 1)");
            failsWith("detection_pairs(detections [, min_score]) takes 1 or 2 arguments, but was given 3",
                    "detection_pairs(d.detections, 0.5, 0.6)");
        }

        @Test
        void firstArgumentIsNotADetectionsArray() {
            failsWith("explode_detections(detections [, min_score [, labels]]): the first argument must be the "
                    + "detections column, " + DetectionFields.CONTRACT_TYPE + ", but it is string",
                    "explode_detections(d.image_id)");
            failsWith("but it is array<int>", "detection_pairs(array(1, 2))");
        }

        @Test
        void detectionStructLacksAFieldOrHasItWithTheWrongType() {
            failsWith("explode_detections(detections [, min_score [, labels]]): the detection struct has no field 'class_id'",
                    "explode_detections(array(named_struct('label', 'a', 'score', 0.5, 'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)))");
            failsWith("field 'score' of the detection struct must be a number, but it is string",
                    "explode_detections(array(named_struct('label', 'a', 'class_id', 1, 'score', 'high', "
                            + "'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)))");
            failsWith("field 'label' of the detection struct must be a string, but it is int",
                    "detection_pairs(array(named_struct('label', 3, 'class_id', 1, 'score', 0.5, "
                            + "'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)))");
            failsWith("field 'class_id' of the detection struct must be an integer, but it is double",
                    "explode_detections(array(named_struct('label', 'a', 'class_id', CAST(1.5 AS DOUBLE), 'score', 0.5, "
                            + "'x1', 0, 'y1', 0, 'x2', 1, 'y2', 1)))");
        }

        @Test
        void minScoreIsNotANumberInRange() {
            // a column is read per image (the optimizer hands constant expressions over unfolded, as columns):
            // one out of range fails when it is read, with the same message
            // (ThresholdsAndConstantsOnHiveTest.aColumnOutOfRangeFailsWithTheSameMessageWhenItIsRead)
            failsWith("detection_pairs(detections [, min_score]): min_score must be a number, but it is string",
                    "detection_pairs(d.detections, 'high')");
            failsWith("explode_detections(detections [, min_score [, labels]]): min_score must be between 0 and 1, "
                    + "but it is 50.0", "explode_detections(d.detections, 50)");
        }

        @Test
        void labelsIsNotAnArrayOfStrings() {
            failsWith("explode_detections(detections [, min_score [, labels]]): labels must be an array of strings "
                    + "such as array('person','car'), but it is string", "explode_detections(d.detections, 0.5, 'person')");
            failsWith("labels must be an array of strings such as array('person','car'), but it is array<int>",
                    "explode_detections(d.detections, 0.5, array(1, 2))");
            failsWith("labels must be an array of strings such as array('person','car'), but it is array<float>",
                    "explode_detections(d.detections, 0.5, array(d.inference_millis))");
            // an array of strings read from a column is a per-image label set, no longer refused
            assertEquals(List.of(row("img-a", "forklift"), row("img-d", "person")),
                    rows("SELECT d.image_id, e.label FROM argus.detections d LATERAL VIEW explode_detections("
                            + "d.detections, 0.5, array(if(d.image_id = 'img-a', 'forklift', 'person'))) e "
                            + "WHERE d.model_name = 'centernet' AND d.image_id IN ('img-a', 'img-d')"));
        }
    }

    @Nested
    class ShippedScripts {

        @Test
        void tablesTakeTheirColumnsFromTheContractSchemas() {
            List<String> columns = hive.rows("DESCRIBE argus.detections").stream().map(r -> r.get(0).strip() + " "
                    + r.get(1).strip()).toList();
            assertTrue(columns.contains("detections array<struct<label:string,class_id:int,score:float,"
                    + "x1:float,y1:float,x2:float,y2:float>>"), columns.toString());
            assertTrue(columns.contains("model struct<name:string,version:string>"), columns.toString());
            assertTrue(columns.contains("model_name string"), columns.toString());
            List<String> errorColumns = hive.rows("DESCRIBE argus.errors").stream().map(r -> r.get(0).strip()).toList();
            assertTrue(errorColumns.containsAll(List.of("stage", "error_class", "error_stage", "dt", "job")),
                    errorColumns.toString());
        }

        @Test
        void addPartitionsRegistersEachNightlyRun() {
            assertEquals(List.of("model_name=centernet/model_version=1/dt=2024-05-01",
                    "model_name=centernet/model_version=1/dt=2024-05-02",
                    "model_name=yolo/model_version=2/dt=2024-05-01"), hive.run("SHOW PARTITIONS argus.detections"));
            assertEquals(List.of("dt=2024-05-01", "dt=2024-05-02"), hive.run("SHOW PARTITIONS argus.images"));
            assertEquals(List.of(row("2024-05-01", "4"), row("2024-05-02", "1")),
                    rows("SELECT dt, count(*) FROM argus.images GROUP BY dt ORDER BY dt"));
        }
    }

    @Nested
    class ExampleQueries {

        private final HiveScript examples = HiveScript.shipped("examples.sql");

        private List<List<String>> example(String name) {
            return rows(examples.statement(name));
        }

        @Test
        void everyExampleIsCheckedHere() {
            assertEquals(List.of("objects_per_class_per_day", "images_with_most_people", "detections_per_image",
                    "class_cooccurrence", "people_near_forklifts", "small_object_share", "error_rates_by_stage"),
                    List.copyOf(examples.namedStatements().keySet()));
        }

        @Test
        void objectsPerClassPerDay() {
            assertEquals(List.of(
                    row("2024-05-01", "centernet", "1", "person", "4"),
                    row("2024-05-01", "centernet", "1", "forklift", "2"),
                    row("2024-05-01", "centernet", "1", "car", "1"),
                    row("2024-05-01", "yolo", "2", "person", "1"),
                    row("2024-05-02", "centernet", "1", "person", "1")), example("objects_per_class_per_day"));
        }

        @Test
        void imagesWithMostPeople() {
            assertEquals(List.of(
                    row("img-c", "file:///cameras/img-c.jpg", "2"),
                    row("img-a", "file:///cameras/img-a.jpg", "1"),
                    row("img-d", "file:///cameras/img-d.jpg", "1"),
                    row("img-e", "file:///cameras/img-e.jpg", "1")), example("images_with_most_people"));
        }

        @Test
        void detectionsPerImageKeepsEmptyImages() {
            assertEquals(List.of(row("img-c", "3"), row("img-a", "2"), row("img-d", "2"), row("img-b", "0")),
                    example("detections_per_image"));
        }

        @Test
        void classCooccurrence() {
            assertEquals(List.of(row("forklift", "person", "2"), row("car", "person", "1")),
                    example("class_cooccurrence"));
        }

        @Test
        void peopleNearForklifts() {
            // img-a's person is 184 px from its forklift and does not touch it; img-d's overlap
            List<List<String>> rows = example("people_near_forklifts");
            assertEquals(1, rows.size());
            assertEquals(row("img-d", "file:///cameras/img-d.jpg"), rows.get(0).subList(0, 2));
            assertEquals(Math.hypot(50, 50), Float.parseFloat(rows.get(0).get(2)), 1e-4);
            assertEquals(2500f / 17500f, Float.parseFloat(rows.get(0).get(3)), 1e-6);
        }

        @Test
        void smallObjectShare() {
            assertEquals(List.of(row("centernet", "1", "8", "2", "0.25"), row("yolo", "2", "1", "1", "1.0")),
                    example("small_object_share"));
        }

        @Test
        void errorRatesByStage() {
            // 2024-05-01: 4 images ingested + 1 lost at ingest = 5 inputs
            assertEquals(List.of(row("2024-05-01", "decode", "1", "0.2"), row("2024-05-01", "ingest", "1", "0.2")),
                    example("error_rates_by_stage"));
        }
    }

    @Nested
    class PermanentFunctions {

        @Test
        void createFunctionUsingJarInstallsBothForEveryone() throws IOException {
            hive.setVariable("argus_udtf_jar", UdtfJar.build(base.resolve("lib")).toUri().toString());
            hive.runScript(HiveScript.shipped("create-functions.sql"));
            assertEquals(List.of(row("img-d", "0", "forklift", "large")),
                    rows("SELECT d.image_id, e.pos, e.label, e.size_class FROM argus.detections d "
                            + "LATERAL VIEW argus.explode_detections(d.detections, 0.55) e "
                            + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-d'"));
            assertEquals(List.of(row("0", "1")),
                    rows("SELECT p.pos_a, p.pos_b FROM argus.detections d "
                            + "LATERAL VIEW argus.detection_pairs(d.detections) p "
                            + "WHERE d.model_name = 'centernet' AND d.image_id = 'img-d'"));
            List<String> functions = hive.run("SHOW FUNCTIONS");
            assertTrue(functions.containsAll(List.of("argus.detection_pairs", "argus.explode_detections")),
                    functions.toString());
        }
    }
}
