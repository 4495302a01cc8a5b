package dev.argus.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.detect.DetectSummary;
import dev.argus.jobs.detect.DetectTool;
import dev.argus.jobs.scale.SceneSet;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.avro.ImageDetections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline at scale on a real HDFS + YARN (mini clusters in this JVM): N synthetic camera JPEGs
 * ({@code -Dargus.cluster.images=N}, default 120) ingested into at least four shards, then detected with
 * the committed shapes bundle. Checks that the detect job is split the way a user sizing shards against
 * the HDFS block size expects (one map per block of each shard), and that the model bundle is localised
 * on the node once, however many map containers run there, and loaded once per container.
 *
 * <pre>
 * mvn -B -o -Dargus.skipFetch=true -pl mapreduce-jobs test-compile failsafe:integration-test failsafe:verify \
 *     -Dit.test=ClusterScaleIT -Dargus.cluster.images=10000
 * </pre>
 */
class ClusterScaleIT {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
    private static final String ROOT = "/argus";
    private static final Path BASE = Path.of("target", "minicluster-scale").toAbsolutePath();
    private static final Path BUNDLE = Path.of("../model-zoo/bundles/shapes-centernet-fpn/1").toAbsolutePath();
    private static final int IMAGES = Integer.getInteger("argus.cluster.images", 120);
    private static final int MIN_SHARDS = 4;
    /**
     * Above this many images ingest reads them from the local file system instead of the mini HDFS: the
     * mini cluster takes one file at 6.6 files/s (its client's close() back-off), so putting 10k images
     * there costs 25 minutes before any job starts, a cost of the test harness, not of Argus.
     * {@code ClusterPipelineIT} covers ingest from HDFS.
     */
    private static final int UPLOAD_AT_MOST = 1_000;
    private static final String RAW = "/raw/" + DATE;

    private static MiniCluster cluster;
    private static FileSystem hdfs;
    private static ArgusLayout layout;
    private static SceneSet set;
    private static String input;

    @BeforeAll
    static void startCluster() throws Exception {
        set = SceneSet.obtain(Path.of("target", "scale-cache").toAbsolutePath(), IMAGES, 3);
        cluster = MiniCluster.start(BASE);
        hdfs = cluster.fileSystem();
        layout = ArgusLayout.at(ROOT, cluster.conf());
        if (IMAGES <= UPLOAD_AT_MOST) {
            hdfs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(set.images().toUri()), new org.apache.hadoop.fs.Path(RAW));
            input = RAW;
        } else {
            input = set.images().toUri().toString(); // read in place: same host, any Hadoop file system
        }
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(BUNDLE.toUri()), layout.model("shapes", "1"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void detectRunsOneMapPerShardBlockAndLocalisesTheModelOncePerNode() throws Exception {
        // Shards of a quarter of the input each (rounded up), as a cluster gets shards of one block each.
        long shardBytes = set.bytes() / MIN_SHARDS + 1;
        assertEquals(0, Argus.run(cluster.conf(), new String[]{"ingest", "--input", input, "--root", ROOT,
                "--date", DATE.toString(), "--shard-size", Long.toString(shardBytes)}, System.out, System.err));
        List<FileStatus> shards = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : ShardReader.dataFiles(hdfs, layout.shards(DATE))) {
            shards.add(hdfs.getFileStatus(p));
        }
        assertTrue(shards.size() >= MIN_SHARDS - 1, "one shard per reducer, ceil(bytes / shard size): " + shards.size());
        long expectedMaps = 0;
        for (FileStatus shard : shards) {
            expectedMaps += (shard.getLen() + shard.getBlockSize() - 1) / shard.getBlockSize();
        }
        assertTrue(expectedMaps >= 3, "several maps: " + expectedMaps);

        List<Path> localisedBefore = localisedCopies();
        DetectTool detect = new DetectTool();
        assertEquals(0, ToolRunner.run(cluster.conf(), detect, new String[]{
                "-D", "mapreduce.map.java.opts=-Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                        + "-Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2g",
                "--root", ROOT, "--date", DATE.toString(), "--model", "shapes:1", "--batch-size", "8"}));
        DetectSummary summary = detect.lastSummary();

        assertEquals(expectedMaps, summary.tasks(), "one map task per block of each shard");
        assertEquals(summary.tasks(), summary.modelLoads(), "each map container (a JVM of its own) loads the model once");
        assertEquals(IMAGES, summary.imagesRead());
        assertEquals(IMAGES, summary.detected());
        assertEquals(IMAGES, ShardReader.readPartition(layout, layout.detections("shapes", "1", DATE),
                ImageDetections.class, cluster.conf()).size());
        List<Path> localised = new ArrayList<>(localisedCopies());
        localised.removeAll(localisedBefore);
        assertEquals(1, localised.size(), "the bundle is localised once on the one node, for "
                + summary.tasks() + " map containers: " + localised);
        System.out.printf("%d images, %d shards, %d map tasks, %d model loads, bundle localised at %s%n",
                IMAGES, shards.size(), summary.tasks(), summary.modelLoads(), localised);
    }

    /**
     * The NodeManager's localised copies of this bundle: its {@code bundle.json} under a {@code filecache}
     * directory (public or per-user) of the mini YARN's local dirs.
     */
    private static List<Path> localisedCopies() throws IOException {
        byte[] manifest = Files.readAllBytes(BUNDLE.resolve("bundle.json"));
        List<Path> copies = new ArrayList<>();
        for (Path dir : List.of(BASE, Path.of("target", "test", "data").toAbsolutePath())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("bundle.json")
                        && p.toString().contains("/filecache/")).toList()) {
                    if (java.util.Arrays.equals(manifest, Files.readAllBytes(f))) {
                        copies.add(f);
                    }
                }
            }
        }
        return copies;
    }
}
