package dev.argus.hive;

import dev.argus.hive.embedded.EmbeddedHive;
import dev.argus.hive.embedded.HiveScript;

import static dev.argus.hive.LayoutFiles.box;
import static dev.argus.hive.LayoutFiles.detected;
import static dev.argus.hive.LayoutFiles.error;
import static dev.argus.hive.LayoutFiles.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

import dev.argus.layout.avro.ImageDetections;

/**
 * An embedded Hive set up as an analyst's cluster is: the shipped DDL from {@code scripts/hive/} over a
 * layout written with the contract classes, partitions registered with the shipped statements, the
 * functions created by the shipped script. Holds a small hand-made data set whose answers are worked
 * out in the tests, and a larger synthetic one in table {@code synthetic_detections}.
 *
 * <pre>
 * centernet/1  2024-05-01  img-a  person   0.9  (10,10)-(50,90)      area 3200   medium
 *                                 forklift 0.8  (100,20)-(300,220)   area 40000  large
 *                                 person   0.3  (0,0)-(10,10)        area 100    small
 *                          img-b  (nothing found)
 *                          img-c  person   0.95 (0,0)-(20,20)        area 400    small
 *                                 person   0.7  (30,0)-(50,20)       area 400    small
 *                                 car      0.6  (200,200)-(400,300)  area 20000  large
 *                          img-d  forklift 0.55 (0,0)-(100,100)      area 10000  large
 *                                 person   0.5  (50,50)-(150,150)    area 10000  large
 * centernet/1  2024-05-02  img-e  person   0.99 (0,0)-(32,32)        area 1024   medium (the boundary)
 *                                 car      0.4  (0,0)-(5,5)          area 25     small
 * yolo/2       2024-05-01  img-a  person   0.6  (10,10)-(40,40)      area 900    small
 * images: a, b, c, d on 2024-05-01; e on 2024-05-02
 * errors: 2024-05-01 ingest 1 (job ingest), decode 1 (job detect-centernet-1)
 * </pre>
 */
final class ArgusHiveFixture {

    static final int SYNTHETIC_IMAGES = 400;
    static final String EVOLVED_SCHEMA = "detections-with-track-id.avsc";
    static final int SYNTHETIC_MEAN_DETECTIONS = 6;

    final EmbeddedHive hive;
    final long syntheticDetections;
    /** Where the contract's .avsc files are, for tables a test adds. */
    final String schemaUrl;

    private ArgusHiveFixture(EmbeddedHive hive, long syntheticDetections, String schemaUrl) {
        this.hive = hive;
        this.syntheticDetections = syntheticDetections;
        this.schemaUrl = schemaUrl;
    }

    static ArgusHiveFixture start(Path base) throws IOException {
        LayoutFiles layout = new LayoutFiles(base.resolve("argus"));
        writeHandMadeData(layout);
        List<ImageDetections> synthetic =
                SyntheticDetections.generate(SYNTHETIC_IMAGES, SYNTHETIC_MEAN_DETECTIONS, 42);
        Path syntheticDir = SyntheticDetections.write(base.resolve("synthetic"), synthetic);

        EmbeddedHive hive = EmbeddedHive.start(base.resolve("hive"));
        String schemas = layout.installSchemas();
        hive.setVariable("argus_root", layout.rootUri());
        hive.setVariable("argus_schema_url", schemas);
        hive.runScript(HiveScript.shipped("create-tables.sql"));
        registerRun(hive, "2024-05-01", "centernet", "1");
        registerRun(hive, "2024-05-02", "centernet", "1");
        registerRun(hive, "2024-05-01", "yolo", "2");
        hive.runScript(HiveScript.shipped("create-temporary-functions.sql"));

        hive.run("CREATE EXTERNAL TABLE synthetic_detections STORED AS AVRO LOCATION '"
                + syntheticDir.toUri() + "' TBLPROPERTIES ('avro.schema.url'='" + schemas + "/ImageDetections.avsc')");
        Path evolved = writeEvolvedSchemaData(base.resolve("evolved"));
        hive.run("CREATE EXTERNAL TABLE evolved_detections STORED AS AVRO LOCATION '" + evolved.resolve("data").toUri()
                + "' TBLPROPERTIES ('avro.schema.url'='" + evolved.resolve(EVOLVED_SCHEMA).toUri() + "')");
        return new ArgusHiveFixture(hive, SyntheticDetections.countDetections(synthetic), schemas);
    }

    /**
     * Table {@code evolved_detections} (data in {@code dir/data}, its schema beside it): a later contract where Detection gained a {@code track_id} (as its
     * first field) and a nullable label. One image: track 7 "person" 0.9 (0,0)-(10,10), then a detection
     * with a NULL label and no track, 0.4 (0,0)-(40,40).
     */
    private static Path writeEvolvedSchemaData(Path dir) throws IOException {
        Files.createDirectories(dir);
        Schema schema;
        try (InputStream in = ArgusHiveFixture.class.getResourceAsStream("/" + EVOLVED_SCHEMA)) {
            schema = new Schema.Parser().parse(in);
        }
        Files.writeString(dir.resolve(EVOLVED_SCHEMA), schema.toString(true));
        Schema detection = schema.getField("detections").schema().getElementType();
        GenericRecord tracked = new GenericRecordBuilder(detection).set("track_id", 7L).set("label", "person")
                .set("class_id", 0).set("score", 0.9f).set("x1", 0f).set("y1", 0f).set("x2", 10f).set("y2", 10f).build();
        GenericRecord unlabelled = new GenericRecordBuilder(detection).set("class_id", 3).set("score", 0.4f)
                .set("x1", 0f).set("y1", 0f).set("x2", 40f).set("y2", 40f).build();
        GenericRecord image = new GenericRecordBuilder(schema).set("image_id", "img-z")
                .set("detections", List.of(tracked, unlabelled)).build();
        Files.createDirectories(dir.resolve("data"));
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, dir.resolve("data").resolve("part-r-00000.avro").toFile());
            writer.append(image);
        }
        return dir;
    }

    private static void registerRun(EmbeddedHive hive, String dt, String model, String version) {
        hive.setVariable("dt", dt);
        hive.setVariable("model_name", model);
        hive.setVariable("model_version", version);
        hive.runScript(HiveScript.shipped("add-partitions.sql"));
    }

    private static void writeHandMadeData(LayoutFiles layout) {
        layout.images("2024-05-01", List.of(image("img-a"), image("img-b"), image("img-c"), image("img-d")));
        layout.images("2024-05-02", List.of(image("img-e")));
        layout.detections("centernet", "1", "2024-05-01", List.of(
                detected("img-a", "centernet", "1",
                        box("person", 0, 0.9f, 10, 10, 50, 90),
                        box("forklift", 7, 0.8f, 100, 20, 300, 220),
                        box("person", 0, 0.3f, 0, 0, 10, 10)),
                detected("img-b", "centernet", "1"),
                detected("img-c", "centernet", "1",
                        box("person", 0, 0.95f, 0, 0, 20, 20),
                        box("person", 0, 0.7f, 30, 0, 50, 20),
                        box("car", 2, 0.6f, 200, 200, 400, 300)),
                detected("img-d", "centernet", "1",
                        box("forklift", 7, 0.55f, 0, 0, 100, 100),
                        box("person", 0, 0.5f, 50, 50, 150, 150))));
        layout.detections("centernet", "1", "2024-05-02", List.of(
                detected("img-e", "centernet", "1",
                        box("person", 0, 0.99f, 0, 0, 32, 32),
                        box("car", 2, 0.4f, 0, 0, 5, 5))));
        layout.detections("yolo", "2", "2024-05-01", List.of(
                detected("img-a", "yolo", "2", box("person", 0, 0.6f, 10, 10, 40, 40))));
        layout.errors("ingest", "2024-05-01", "ingest", List.of(error(null, "ingest", "EmptyFile")));
        layout.errors("decode", "2024-05-01", "detect-centernet-1", List.of(error("img-f", "decode", "TooManyPixels")));
    }

    void close() throws IOException {
        hive.close();
    }
}
