package dev.argus.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.detect.DetectConfig;
import dev.argus.jobs.detect.RealModels;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline on a real HDFS + YARN (mini clusters in this JVM), driven through the same entry
 * point and arguments a user gives {@code hadoop jar argus-job.jar}: ingest, then detect with the
 * real CenterNet bundle published on HDFS and shipped to the map containers through the
 * distributed cache, then stats; then detect again with a map attempt killed mid-task, and with
 * speculative execution racing a slow attempt, each of which must give exactly the clean output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPipelineIT {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
    private static final String ROOT = "/argus";
    private static final Path BASE = Path.of("target", "minicluster").toAbsolutePath();

    private static MiniCluster cluster;
    private static FileSystem hdfs;
    private static ArgusLayout layout;
    private static int photos;
    private static TreeMap<String, String> cleanDetections;

    @BeforeAll
    static void startCluster() throws Exception {
        Path samples = RealModels.samples();
        cluster = MiniCluster.start(BASE);
        hdfs = cluster.fileSystem();
        layout = ArgusLayout.at(ROOT, cluster.conf());
        try (Stream<Path> files = Files.list(samples)) {
            for (Path photo : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(photo.toUri()),
                        new org.apache.hadoop.fs.Path("/raw/" + DATE + "/" + photo.getFileName()));
                photos++;
            }
        }
        // The bundle is published in the layout on HDFS, as a user does with hdfs dfs -put.
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(RealModels.centernet().toUri()),
                layout.model("centernet", "1"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int argus(String... args) throws Exception {
        return Argus.run(cluster.conf(), args, System.out, System.err);
    }

    private static String[] detect(String... generic) {
        List<String> args = new ArrayList<>(List.of("detect"));
        for (String setting : generic) {
            args.add("-D");
            args.add(setting);
        }
        // Two images a batch so each map task runs several batches; memory for ND4J's native arena.
        args.addAll(List.of("-D", "mapreduce.map.java.opts=-Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                        + "-Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g",
                "--root", ROOT, "--date", DATE.toString(), "--model", "centernet:1", "--batch-size", "2"));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void ingestPacksTheDaysImagesIntoSeveralShardsOnHdfs() throws Exception {
        // Small shards, so that detect gets several map tasks.
        assertEquals(0, argus("ingest", "--input", "/raw/" + DATE, "--root", ROOT, "--date", DATE.toString(),
                "--shard-size", "300k"));

        assertTrue(layout.isComplete(layout.shards(DATE)));
        assertEquals("hdfs", layout.shards(DATE).toUri().getScheme());
        assertTrue(ShardReader.dataFiles(hdfs, layout.shards(DATE)).size() >= 3, "several shards");
        assertEquals(photos, shardIds().size());
        assertEquals(List.of(), ShardReader.readPartition(layout,
                layout.errors(Stage.INGEST, DATE, ArgusLayout.INGEST_JOB), ImageError.class, cluster.conf()));
    }

    @Test
    @Order(2)
    void detectRunsTheRealModelInYarnContainersAndLosesNothing() throws Exception {
        assertEquals(0, argus(detect()));

        cleanDetections = detections();
        assertEquals(shardIds(), cleanDetections.keySet(), "every image has its detections record");
        assertEquals(Set.of(), errorIds(), "the sample photos all decode and infer");
        assertTrue(cleanDetections.values().stream().allMatch(d -> d.contains("person")),
                "a person on every sample photo: " + cleanDetections);
    }

    @Test
    @Order(3)
    void statsSummarisesThePartitionOnHdfs() throws Exception {
        assertEquals(0, argus("stats", "--root", ROOT, "--date", DATE.toString(), "--model", "centernet:1"));
        assertTrue(layout.isComplete(layout.stats("centernet", "1", DATE)));
    }

    @Test
    @Order(4)
    void aMapAttemptKilledMidTaskIsRetriedAndTheOutputIsTheCleanRunsOutput() throws Exception {
        assertEquals(0, argus(detect(DetectConfig.LOADER.key() + "=" + TaskAttemptFaults.class.getName(),
                TaskAttemptFaults.KILL_TASK + "=0")));

        assertEquals(cleanDetections, detections());
        assertEquals(Set.of(), errorIds());
        List<String> logs = containerLogs();
        assertTrue(logs.stream().anyMatch(l -> l.contains(TaskAttemptFaults.KILL_MARK) && l.contains("_m_000000_0")),
                "the first attempt of map 0 was halted mid-task");
        assertTrue(logs.stream().anyMatch(l -> l.contains(TaskAttemptFaults.ATTEMPT_MARK) && l.contains("_m_000000_1")),
                "and a second attempt of map 0 ran");
    }

    @Test
    @Order(5)
    void speculativeAttemptsLeaveNoDuplicateRecords() throws Exception {
        assertEquals(0, argus(detect(DetectConfig.LOADER.key() + "=" + TaskAttemptFaults.class.getName(),
                TaskAttemptFaults.SLOW_TASK + "=1", TaskAttemptFaults.SLOW_MILLIS + "=30000",
                "mapreduce.map.speculative=true",
                "mapreduce.job.speculative.retry-after-no-speculate=500",
                "mapreduce.job.speculative.minimum-allowed-tasks=1")));

        List<ImageDetections> records = ShardReader.readPartition(layout,
                layout.detections("centernet", "1", DATE), ImageDetections.class, cluster.conf());
        assertEquals(photos, records.size(), "no image twice");
        assertEquals(cleanDetections, detections());
        long attemptsOfMap1 = containerLogs().stream()
                .filter(l -> l.contains(TaskAttemptFaults.ATTEMPT_MARK) && l.contains("_m_000001_"))
                .map(l -> l.substring(l.indexOf("attempt_"))).distinct().count();
        assertTrue(attemptsOfMap1 >= 2, "the speculator raced the slow attempt of map 1 (" + attemptsOfMap1 + ")");
    }

    private static Set<String> shardIds() throws IOException {
        Set<String> ids = new HashSet<>();
        for (ImageRecord r : ShardReader.readPartition(layout, layout.shards(DATE), ImageRecord.class, cluster.conf())) {
            ids.add(r.getImageId());
        }
        return ids;
    }

    /** image_id to its detections, without the wall-clock fields that differ between runs. */
    private static TreeMap<String, String> detections() throws IOException {
        TreeMap<String, String> byId = new TreeMap<>();
        for (ImageDetections d : ShardReader.readPartition(layout, layout.detections("centernet", "1", DATE),
                ImageDetections.class, cluster.conf())) {
            String previous = byId.put(d.getImageId(), d.getDetections().toString());
            assertEquals(null, previous, "image " + d.getImageId() + " appears twice");
        }
        return byId;
    }

    private static Set<String> errorIds() throws IOException {
        Set<String> ids = new HashSet<>();
        String job = ArgusLayout.detectJob("centernet", "1");
        for (Stage stage : Stage.DETECT) {
            for (ImageError e : ShardReader.readPartition(layout, layout.errors(stage, DATE, job), ImageError.class,
                    cluster.conf())) {
                ids.add(e.getImageId());
            }
        }
        return ids;
    }

    /** Every line the map containers wrote to stderr, from wherever the mini YARN keeps its logs. */
    private static List<String> containerLogs() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path dir : List.of(BASE, Path.of("target", "test", "data").toAbsolutePath())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                    lines.addAll(Files.readAllLines(f));
                }
            }
        }
        return lines;
    }
}
