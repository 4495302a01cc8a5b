package dev.argus.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgusLayoutTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @TempDir
    java.nio.file.Path tmp;

    private ArgusLayout layout;
    private FileSystem fs;
    private String root;

    @BeforeEach
    void setUp() throws IOException {
        layout = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        fs = layout.fileSystem();
        root = layout.root().toString();
    }

    @Test
    void ownsEveryPath() {
        assertEquals(root + "/shards/dt=2024-05-01", layout.shards(DAY).toString());
        assertEquals(root + "/detections/model=centernet/version=1/dt=2024-05-01",
                layout.detections("centernet", "1", DAY).toString());
        assertEquals(root + "/stats/model=centernet/version=1/dt=2024-05-01",
                layout.stats("centernet", "1", DAY).toString());
        assertEquals(root + "/errors/stage=ingest/dt=2024-05-01/job=ingest",
                layout.errors(Stage.INGEST, DAY, ArgusLayout.INGEST_JOB).toString());
        assertEquals(root + "/errors/stage=inference/dt=2024-05-01/job=detect-centernet-1",
                layout.errors(Stage.INFERENCE, DAY, ArgusLayout.detectJob("centernet", "1")).toString());
        assertEquals(root + "/models/centernet/1", layout.model("centernet", "1").toString());
        assertEquals(root + "/shards/dt=2024-05-01/_SUCCESS", layout.successMarker(layout.shards(DAY)).toString());
        assertTrue(layout.newStagingDir("ingest").toString().startsWith(root + "/_staging/ingest-"));
        assertEquals(root + "/models/centernet/1/bundle.json", layout.modelManifest("centernet", "1").toString());
        assertEquals(root + "/_schemas", layout.schemas().toString());
        assertEquals(java.nio.file.Path.of(layout.root().toUri()).resolve("_hive"), layout.localHiveMetastore().orElseThrow());
    }

    @Test
    void aRootOffTheLocalFileSystemHasNoLocalHiveMetastore() throws IOException {
        // never contacted: opening a layout only qualifies its root
        ArgusLayout onHdfs = ArgusLayout.at("hdfs://localhost:1/argus", new Configuration());
        assertEquals("hdfs://localhost:1/argus", onHdfs.root().toString());
        assertFalse(onHdfs.localHiveMetastore().isPresent());
    }

    @Test
    void errorStagesKeepTheirOnDiskNames() {
        assertEquals(List.of("ingest", "decode", "inference"),
                java.util.Arrays.stream(Stage.values()).map(Stage::partitionName).toList());
        assertEquals(List.of(Stage.DECODE, Stage.INFERENCE), Stage.DETECT);
    }

    @Test
    void listsPublishedModelVersionsAndDetectionVersionsNewestLast() throws IOException {
        for (String v : List.of("2", "10", "9", "beta")) {
            write(layout.modelManifest("yolo", v), "{}");
        }
        fs.mkdirs(layout.model("yolo", "11")); // no manifest: not published
        assertEquals(List.of("2", "9", "10", "beta"), layout.publishedModelVersions("yolo"));
        assertEquals(List.of(), layout.publishedModelVersions("centernet"));

        for (String v : List.of("10", "9")) {
            fs.mkdirs(layout.detections("yolo", v, DAY));
            fs.create(layout.successMarker(layout.detections("yolo", v, DAY))).close();
        }
        fs.mkdirs(layout.detections("yolo", "11", DAY)); // still running
        fs.mkdirs(layout.detections("yolo", "2", DAY.plusDays(1)));
        fs.create(layout.successMarker(layout.detections("yolo", "2", DAY.plusDays(1)))).close();
        assertEquals(List.of("9", "10"), layout.detectionVersions("yolo", DAY));
        assertEquals(List.of(), layout.detectionVersions("centernet", DAY));
    }

    @Test
    void relativeRootIsQualified() throws IOException {
        ArgusLayout relative = ArgusLayout.at("some/root", new Configuration());
        assertEquals("file", relative.root().toUri().getScheme());
        assertTrue(relative.root().toUri().getPath().endsWith("/some/root"));
    }

    @Test
    void refusesNamesThatWouldBreakThePathTree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layout.model("../etc", "1"));
        assertTrue(e.getMessage().contains("model name '../etc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layout.detections("a/b", "1", DAY));
        assertThrows(IllegalArgumentException.class, () -> layout.errors(Stage.INGEST, DAY, ""));
        assertThrows(IllegalArgumentException.class, () -> layout.shards(null));
    }

    @Test
    void parsesDatesWithAClearError() {
        assertEquals(DAY, ArgusLayout.parseDate("2024-05-01"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArgusLayout.parseDate("01/05/2024"));
        assertEquals("date '01/05/2024' is not of the form YYYY-MM-DD", e.getMessage());
    }

    @Test
    void onlyPartitionsWithSuccessMarkerAreComplete() throws IOException {
        write(new Path(layout.shards(DAY), "part-r-00000.avro"), "x");
        fs.create(layout.successMarker(layout.shards(DAY))).close();
        write(new Path(layout.shards(DAY.plusDays(1)), "part-r-00000.avro"), "half written");

        assertTrue(layout.isComplete(layout.shards(DAY)));
        assertFalse(layout.isComplete(layout.shards(DAY.plusDays(1))));
        assertFalse(layout.isComplete(layout.shards(DAY.plusDays(2))));
        assertEquals(List.of(DAY), layout.completeShardDates());
    }

    @Test
    void listsCompleteErrorAndDetectionPartitions() throws IOException {
        Path ingestErrors = layout.errors(Stage.DECODE, DAY, ArgusLayout.INGEST_JOB);
        Path detectErrors = layout.errors(Stage.DECODE, DAY, ArgusLayout.detectJob("yolo", "2"));
        fs.mkdirs(ingestErrors);
        fs.create(layout.successMarker(ingestErrors)).close();
        fs.mkdirs(detectErrors); // still running
        assertEquals(List.of(ingestErrors), layout.completeErrorPartitions(Stage.DECODE, DAY));

        Path detections = layout.detections("yolo", "2", DAY);
        fs.mkdirs(detections);
        fs.create(layout.successMarker(detections)).close();
        assertEquals(List.of(detections), layout.completeDetectionPartitions("yolo", "2"));
        assertEquals(List.of(), layout.completeDetectionPartitions("yolo", "3"));
    }

    @Test
    void publishReplacesTheWholePartitionAndWritesTheMarkerLast() throws IOException {
        Path target = layout.shards(DAY);
        Path first = layout.newStagingDir("test");
        write(new Path(first, "part-r-00000.avro"), "old");
        write(new Path(first, "part-r-00001.avro"), "old");
        layout.publish(first, target);
        assertTrue(layout.isComplete(target));
        assertFalse(fs.exists(first));

        Path second = layout.newStagingDir("test");
        write(new Path(second, "part-r-00000.avro"), "new");
        write(new Path(second, "_SUCCESS"), ""); // e.g. from a committer: must not count
        layout.publish(second, target);

        assertTrue(layout.isComplete(target));
        assertEquals(List.of(new Path(target, "part-r-00000.avro")), ShardReader.dataFiles(fs, target));
        assertEquals("new", read(new Path(target, "part-r-00000.avro")));
        assertEquals(0, fs.listStatus(new Path(layout.root(), "_staging")).length, "nothing left in staging");
    }

    @Test
    void readerRefusesIncompletePartition() throws IOException {
        fs.mkdirs(layout.shards(DAY));
        IOException e = assertThrows(IOException.class, () -> ShardReader.readPartition(layout, layout.shards(DAY),
                dev.argus.layout.avro.ImageRecord.class, new Configuration()));
        assertTrue(e.getMessage().contains("is incomplete"), e.getMessage());
    }

    private void write(Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(Path file) throws IOException {
        try (var in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
