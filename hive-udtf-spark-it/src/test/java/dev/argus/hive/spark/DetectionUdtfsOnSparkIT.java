package dev.argus.hive.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ModelRef;

/**
 * The hive-udtf jar, as built, in Spark SQL 4 with Hive support (Spark runs Hive GenericUDTFs through
 * its bundled Hive 2.3): one local SparkSession, the functions created with {@code CREATE TEMPORARY
 * FUNCTION ... USING JAR} (the shipped scripts/spark/create-temporary-functions.sql), Avro files written with the contract classes read through spark-avro. Each
 * query is checked against Spark's own {@code inline()} / {@code posexplode()}, and the hand-made
 * images against the answers the Hive tests check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionUdtfsOnSparkIT {

    private SparkSession spark;

    @BeforeAll
    void startSpark(@TempDir Path base) throws IOException {
        String jarProperty = System.getProperty("argus.udtf.jar");
        Path jar = jarProperty == null ? null : Path.of(jarProperty);
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("hive-udtf's jar is not there (" + jarProperty
                    + "): run `mvn verify` from the root, which packages hive-udtf before this test");
        }
        writeAvro(base.resolve("detections"), handMadeImages());
        writeAvro(base.resolve("synthetic"), syntheticImages(300, 42));
        writeAvro(base.resolve("boundary"), boundaryImages());
        // the Hive tests' three nightly runs, in directories Spark reads as the partition columns of argus.detections
        Path runs = base.resolve("runs");
        writeAvro(runs.resolve("model_name=centernet/model_version=1/dt=2024-05-01"), handMadeImages());
        writeAvro(runs.resolve("model_name=centernet/model_version=1/dt=2024-05-02"), List.of(
                image("img-e", box("person", 0, 0.99f, 0, 0, 32, 32), box("car", 2, 0.4f, 0, 0, 5, 5))));
        writeAvro(runs.resolve("model_name=yolo/model_version=2/dt=2024-05-01"), List.of(
                image("img-a", box("person", 0, 0.6f, 10, 10, 40, 40))));
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("argus-hive-udtf-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", base.resolve("warehouse").toUri().toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + base.resolve("metastore_db") + ";create=true")
                .config("spark.driver.extraJavaOptions", "-Dderby.system.home=" + base)
                // partition values stay strings, as the Hive table's partition columns are
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                .enableHiveSupport()
                .getOrCreate();
        for (String table : List.of("detections", "synthetic", "boundary")) {
            spark.read().format("avro").load(base.resolve(table).toString()).createOrReplaceTempView(table);
        }
        spark.read().format("avro").load(runs.toString()).createOrReplaceTempView("argus_detections");
        // the shipped script, with Spark's own ${...} substitution of the jar's URI
        spark.sql("SET argus_udtf_jar=" + jar.toUri());
        for (String statement : statements(Path.of(System.getProperty("argus.spark.functions.sql")))) {
            spark.sql(statement);
        }
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    // ---- data --------------------------------------------------------------------------------

    /** The Hive tests' hand-made images (ArgusHiveFixture), centernet's run of 2024-05-01. */
    private static List<ImageDetections> handMadeImages() {
        return List.of(
                image("img-a", box("person", 0, 0.9f, 10, 10, 50, 90), box("forklift", 7, 0.8f, 100, 20, 300, 220),
                        box("person", 0, 0.3f, 0, 0, 10, 10)),
                image("img-b"),
                image("img-c", box("person", 0, 0.95f, 0, 0, 20, 20), box("person", 0, 0.7f, 30, 0, 50, 20),
                        box("car", 2, 0.6f, 200, 200, 400, 300)),
                image("img-d", box("forklift", 7, 0.55f, 0, 0, 100, 100), box("person", 0, 0.5f, 50, 50, 150, 150)));
    }

    private static List<ImageDetections> syntheticImages(int count, long seed) {
        String[] labels = {"person", "car", "forklift", "truck", "bicycle", "dog", "pallet", "helmet"};
        Random random = new Random(seed);
        List<ImageDetections> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Detection[] detections = new Detection[random.nextInt(13)];
            for (int d = 0; d < detections.length; d++) {
                int classId = random.nextInt(labels.length);
                float x1 = random.nextInt(600);
                float y1 = random.nextInt(440);
                detections[d] = box(labels[classId], classId, random.nextFloat(), x1, y1,
                        x1 + 2 + random.nextInt(199), y1 + 2 + random.nextInt(199));
            }
            images.add(image(String.format("synthetic-%05d", i), detections));
        }
        return images;
    }

    /** Scores on, and one float either side of, the thresholds the tests use. */
    private static List<ImageDetections> boundaryImages() {
        List<ImageDetections> images = new ArrayList<>();
        for (String threshold : List.of("0.7", "0.9", "0.3", "0.5")) {
            float f = Float.parseFloat(threshold);
            images.add(image("at-" + threshold, box("person", 0, f, 0, 0, 10, 10),
                    box("car", 2, Math.nextDown(f), 0, 0, 10, 10), box("dog", 5, Math.nextUp(f), 0, 0, 10, 10)));
        }
        return images;
    }

    private static ImageDetections image(String imageId, Detection... detections) {
        return ImageDetections.newBuilder().setImageId(imageId).setSourceUri("file:///cameras/" + imageId + ".jpg")
                .setWidth(640).setHeight(480).setModel(ModelRef.newBuilder().setName("centernet").setVersion("1").build())
                .setDetections(List.of(detections)).setInferenceMillis(12.5f)
                .setProcessedAt(Instant.parse("2024-05-01T02:00:00Z")).build();
    }

    private static Detection box(String label, int classId, float score, float x1, float y1, float x2, float y2) {
        return Detection.newBuilder().setLabel(label).setClassId(classId).setScore(score)
                .setX1(x1).setY1(y1).setX2(x2).setY2(y2).build();
    }

    private static void writeAvro(Path dir, List<ImageDetections> images) throws IOException {
        Files.createDirectories(dir);
        try (DataFileWriter<ImageDetections> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ImageDetections.class))) {
            writer.create(ImageDetections.getClassSchema(), dir.resolve("part-r-00000.avro").toFile());
            for (ImageDetections image : images) {
                writer.append(image);
            }
        }
    }

    // ---- queries -----------------------------------------------------------------------------

    private List<List<String>> rows(String query) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : spark.sql(query).collectAsList()) {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                columns.add(String.valueOf(row.get(i)));
            }
            rows.add(columns);
        }
        return rows;
    }

    private List<List<String>> sorted(String query) {
        List<List<String>> rows = rows(query);
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    private List<List<String>> imageC(String arguments) {
        return rows("SELECT e.pos, e.label FROM detections d LATERAL VIEW explode_detections(d.detections"
                + arguments + ") e WHERE d.image_id = 'img-c'");
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void explodeDetectionsEqualsInlineRowForRow() {
        List<List<String>> udtf = sorted("SELECT d.image_id, e.pos, e.label, e.class_id, e.score, e.x1, e.y1, e.x2, e.y2 "
                + "FROM synthetic d LATERAL VIEW explode_detections(d.detections) e");
        List<List<String>> builtIn = sorted("SELECT d.image_id, t.pos, t.det.label, t.det.class_id, t.det.score, "
                + "t.det.x1, t.det.y1, t.det.x2, t.det.y2 FROM synthetic d LATERAL VIEW posexplode(d.detections) t AS pos, det");
        assertTrue(udtf.size() > 1000, "rows: " + udtf.size());
        assertEquals(builtIn, udtf);
    }

    @Test
    void derivedColumnsEqualTheSqlTheyReplace() {
        List<List<String>> udtf = sorted("SELECT d.image_id, e.pos, e.box_width, e.box_height, e.area, e.cx, e.cy, "
                + "e.size_class FROM synthetic d LATERAL VIEW explode_detections(d.detections) e");
        List<List<String>> sql = sorted("SELECT image_id, pos, w, h, w * h, (x1 + x2) / 2, (y1 + y2) / 2, "
                + "CASE WHEN w * h < 1024 THEN 'small' WHEN w * h < 9216 THEN 'medium' ELSE 'large' END FROM ("
                + "SELECT d.image_id, t.pos, t.det.x1 AS x1, t.det.x2 AS x2, t.det.y1 AS y1, t.det.y2 AS y2, "
                + "greatest(CAST(0 AS FLOAT), t.det.x2 - t.det.x1) AS w, greatest(CAST(0 AS FLOAT), t.det.y2 - t.det.y1) AS h "
                + "FROM synthetic d LATERAL VIEW posexplode(d.detections) t AS pos, det) s");
        assertEquals(sql, udtf);
    }

    @Test
    void handMadeImagesGiveTheAnswersHiveGives() {
        assertEquals(List.of(
                List.of("0", "person", "0", "0.9", "10.0", "10.0", "50.0", "90.0",
                        "40.0", "80.0", "3200.0", "30.0", "50.0", "medium"),
                List.of("1", "forklift", "7", "0.8", "100.0", "20.0", "300.0", "220.0",
                        "200.0", "200.0", "40000.0", "200.0", "120.0", "large"),
                List.of("2", "person", "0", "0.3", "0.0", "0.0", "10.0", "10.0",
                        "10.0", "10.0", "100.0", "5.0", "5.0", "small")),
                rows("SELECT e.* FROM detections d LATERAL VIEW explode_detections(d.detections) e "
                        + "WHERE d.image_id = 'img-a'"));
        // the reproducer: img-c's person at exactly 0.7 is kept, as Hive's WHERE score >= 0.7 keeps it
        assertEquals(List.of(List.of("0", "person"), List.of("1", "person")), imageC(", 0.7"));
    }

    @Test
    void outerKeepsImagesWithoutDetectionsAsInlineOuterDoes() {
        List<List<String>> udtf = sorted("SELECT d.image_id, e.pos, e.label FROM detections d "
                + "LATERAL VIEW OUTER explode_detections(d.detections) e");
        List<List<String>> builtIn = sorted("SELECT d.image_id, t.pos, t.det.label FROM detections d "
                + "LATERAL VIEW OUTER posexplode(d.detections) t AS pos, det");
        assertEquals(builtIn, udtf);
        assertTrue(udtf.contains(List.of("img-b", "null", "null")), udtf.toString());
    }

    /**
     * min_score follows Hive's rule in Spark too (it is Hive's function): a constant threshold is taken
     * as a FLOAT, as Hive takes {@code score >= 0.7}. So it equals Spark's {@code score >= CAST(x AS FLOAT)},
     * in every form the threshold is written in.
     */
    @Test
    void minScoreKeepsWhatHivesWhereKeeps() {
        for (String[] threshold : new String[][] {{"0.7", "0.7"}, {"0.7BD", "0.7"}, {"7e-1", "0.7"},
                {"CAST(0.7 AS DECIMAL(5,3))", "0.7"}, {"0.5 + 0.2", "0.7"}, {"0.9", "0.9"}, {"0.9D", "0.9"},
                {"0.1 + 0.2", "0.3"}, {"0.5", "0.5"}, {"0", "0"}}) {
            for (String table : List.of("boundary", "synthetic")) {
                List<List<String>> where = sorted("SELECT d.image_id, t.pos FROM " + table + " d "
                        + "LATERAL VIEW posexplode(d.detections) t AS pos, det "
                        + "WHERE t.det.score >= CAST(" + threshold[1] + " AS FLOAT)");
                assertFalse(where.isEmpty(), threshold[0]);
                assertEquals(where, sorted("SELECT d.image_id, e.pos FROM " + table + " d "
                        + "LATERAL VIEW explode_detections(d.detections, " + threshold[0] + ") e"), threshold[0]);
            }
        }
    }

    /** Spark's own WHERE compares a FLOAT with 0.7 as a DOUBLE, and drops 0.7f: the README says so. */
    @Test
    void sparksOwnWhereComparesAsADouble() {
        assertEquals(List.of(List.of("0", "person")), rows("SELECT t.pos, t.det.label FROM detections d "
                + "LATERAL VIEW posexplode(d.detections) t AS pos, det WHERE d.image_id = 'img-c' AND t.det.score >= 0.7"));
    }

    @Test
    void constantExpressionsAndLabelsOfAnyStringType() {
        assertEquals(List.of(List.of("0", "person"), List.of("1", "person"), List.of("2", "car")),
                imageC(", NULL, split('person,car', ',')"));
        assertEquals(List.of(List.of("0", "person"), List.of("1", "person"), List.of("2", "car")),
                imageC(", 0.0, array(CAST('person' AS VARCHAR(10)), CAST('car' AS CHAR(3)))"));
        assertEquals(List.of(List.of("0", "person"), List.of("1", "person")),
                rows("SELECT e.pos, e.label FROM (SELECT d.detections, 0.7 AS ms FROM detections d "
                        + "WHERE d.image_id = 'img-c') x LATERAL VIEW explode_detections(x.detections, x.ms) e"));
        assertEquals(List.of(List.of("img-a", "0"), List.of("img-a", "1"), List.of("img-c", "0")),
                sorted("SELECT d.image_id, e.pos FROM detections d LATERAL VIEW explode_detections("
                        + "d.detections, if(d.image_id = 'img-a', 0.8, 0.9)) e WHERE d.image_id IN ('img-a', 'img-c')"));
    }

    @Test
    void detectionPairsEqualsASelfJoinOfPosexplode() {
        for (String threshold : List.of("0.5", "0.7")) {
            List<List<String>> join = sorted("SELECT d.image_id, a.pa, b.pb FROM synthetic d "
                    + "LATERAL VIEW posexplode(d.detections) a AS pa, da "
                    + "LATERAL VIEW posexplode(d.detections) b AS pb, db "
                    + "WHERE a.pa < b.pb AND a.da.score >= CAST(" + threshold + " AS FLOAT) "
                    + "AND b.db.score >= CAST(" + threshold + " AS FLOAT)");
            assertFalse(join.isEmpty());
            assertEquals(join, sorted("SELECT d.image_id, p.pos_a, p.pos_b FROM synthetic d "
                    + "LATERAL VIEW detection_pairs(d.detections, " + threshold + ") p"), threshold);
        }
        // (0,0)-(100,100) and (50,50)-(150,150): 2500 / 17500, centres sqrt(50^2 + 50^2) apart
        List<List<String>> imageD = rows("SELECT p.label_a, p.label_b, p.iou, p.center_distance FROM detections d "
                + "LATERAL VIEW detection_pairs(d.detections) p WHERE d.image_id = 'img-d'");
        assertEquals(1, imageD.size());
        assertEquals(List.of("forklift", "person"), imageD.get(0).subList(0, 2));
        assertEquals(2500f / 17500f, Float.parseFloat(imageD.get(0).get(2)), 1e-6);
        assertEquals(Math.hypot(50, 50), Float.parseFloat(imageD.get(0).get(3)), 1e-4);
    }

    /** The statements of a script: comment lines dropped, split at the semicolons that end lines. */
    private static List<String> statements(Path script) throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            sql.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                statements.add(sql.toString().strip().replaceAll(";$", ""));
                sql.setLength(0);
            }
        }
        return statements;
    }

    /** The named queries of scripts/hive/examples.sql ("-- name: x" before each). */
    private static Map<String, String> exampleQueries() throws IOException {
        Path script = Path.of(System.getProperty("argus.examples.sql"));
        Map<String, String> queries = new LinkedHashMap<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("-- name:")) {
                name = line.substring("-- name:".length()).strip();
            } else if (name != null && !line.startsWith("--")) {
                sql.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    queries.put(name, sql.toString().strip().replaceAll(";$", ""));
                    name = null;
                    sql.setLength(0);
                }
            }
        }
        return queries;
    }

    /**
     * scripts/hive/examples.sql runs unchanged in Spark SQL and gives the answers the Hive tests check
     * (DetectionUdtfsOnHiveTest.ExampleQueries) on the same three runs; argus.detections is read here
     * from a view of the files, where a cluster's Spark reads the Hive table through the metastore.
     */
    @Test
    void theExampleQueriesGiveHivesAnswers() throws IOException {
        Map<String, String> examples = exampleQueries();
        Function<String, List<List<String>>> example =
                name -> rows(examples.get(name).replace("argus.detections", "argus_detections"));
        assertEquals(List.of(
                List.of("2024-05-01", "centernet", "1", "person", "4"),
                List.of("2024-05-01", "centernet", "1", "forklift", "2"),
                List.of("2024-05-01", "centernet", "1", "car", "1"),
                List.of("2024-05-01", "yolo", "2", "person", "1"),
                List.of("2024-05-02", "centernet", "1", "person", "1")), example.apply("objects_per_class_per_day"));
        assertEquals(List.of(
                List.of("img-c", "file:///cameras/img-c.jpg", "2"),
                List.of("img-a", "file:///cameras/img-a.jpg", "1"),
                List.of("img-d", "file:///cameras/img-d.jpg", "1"),
                List.of("img-e", "file:///cameras/img-e.jpg", "1")), example.apply("images_with_most_people"));
        assertEquals(List.of(List.of("img-c", "3"), List.of("img-a", "2"), List.of("img-d", "2"), List.of("img-b", "0")),
                example.apply("detections_per_image"));
        assertEquals(List.of(List.of("forklift", "person", "2"), List.of("car", "person", "1")),
                example.apply("class_cooccurrence"));
        List<List<String>> near = example.apply("people_near_forklifts");
        assertEquals(1, near.size());
        assertEquals(List.of("img-d", "file:///cameras/img-d.jpg"), near.get(0).subList(0, 2));
        assertEquals(Math.hypot(50, 50), Float.parseFloat(near.get(0).get(2)), 1e-4);
        assertEquals(2500f / 17500f, Float.parseFloat(near.get(0).get(3)), 1e-6);
        assertEquals(List.of(List.of("centernet", "1", "8", "2", "0.25"), List.of("yolo", "2", "1", "1", "1.0")),
                example.apply("small_object_share"));
    }

    @Test
    void aBadCallSaysWhatWasExpected() {
        Exception failure = assertThrows(Exception.class, () -> rows(
                "SELECT e.* FROM detections d LATERAL VIEW explode_detections(d.detections, 50) e"));
        assertTrue(String.valueOf(failure.getMessage()).contains("min_score must be between 0 and 1, but it is 50.0"),
                String.valueOf(failure.getMessage()));
    }
}
