package dev.argus.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.synth.ShapesDatasetWriter;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * point and arguments a user gives {@code hadoop jar argus-job.jar}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPipelineIT {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
    private static final String ROOT = "/argus";
    private static final int IMAGES = 12;

    private static MiniCluster cluster;
    private static FileSystem hdfs;
    private static ArgusLayout layout;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = MiniCluster.start(Path.of("target", "minicluster").toAbsolutePath());
        hdfs = cluster.fileSystem();
        layout = ArgusLayout.at(ROOT, cluster.conf());

        Path local = Files.createTempDirectory("raw");
        new ShapesDatasetWriter(new ShapesGenerator(ShapesSpec.scenes()), "jpg").write(local, 42, IMAGES);
        Files.delete(local.resolve(ShapesDatasetWriter.ANNOTATIONS));
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/raw/" + DATE));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int argus(String... args) throws Exception {
        Configuration conf = cluster.conf();
        return Argus.run(conf, args, System.out, System.err);
    }

    @Test
    @Order(1)
    void ingestPacksTheDaysImagesIntoShardsOnHdfs() throws Exception {
        assertEquals(0, argus("ingest", "--input", "/raw/" + DATE, "--root", ROOT, "--date", DATE.toString()));

        assertTrue(layout.isComplete(layout.shards(DATE)));
        assertEquals("hdfs", layout.shards(DATE).toUri().getScheme());
        List<ImageRecord> shards = ShardReader.readPartition(layout, layout.shards(DATE), ImageRecord.class, cluster.conf());
        assertEquals(IMAGES, shards.size());
        Set<String> ids = new HashSet<>();
        shards.forEach(r -> ids.add(r.getImageId()));
        assertEquals(IMAGES, ids.size(), "one record per distinct image");
        List<ImageError> errors = ShardReader.readPartition(layout,
                layout.errors("ingest", DATE, ArgusLayout.INGEST_JOB), ImageError.class, cluster.conf());
        assertEquals(List.of(), errors);
    }
}
