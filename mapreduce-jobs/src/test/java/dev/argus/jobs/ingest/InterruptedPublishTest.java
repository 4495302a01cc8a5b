package dev.argus.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.repair.RepairTool;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.PublishStep;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/**
 * {@code argus ingest} failed after each publish step in turn, of its shards publish and of its errors
 * publish, then the next command (ingest again, or {@code argus repair}): the date ends with one
 * complete partition equal to a clean run's, and nothing in staging.
 */
class InterruptedPublishTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    java.nio.file.Path tmp;

    private Configuration conf;
    private java.nio.file.Path inputA;
    private java.nio.file.Path inputB;

    @BeforeEach
    void setUp() throws Exception {
        conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", tmp.resolve("mr-staging").toString());
        inputA = tmp.resolve("a");
        inputB = tmp.resolve("b");
        Files.createDirectories(inputA);
        Files.createDirectories(inputB);
        Files.write(inputA.resolve("rgb.jpg"), Fixtures.sample("rgb.jpg"));
        Files.write(inputA.resolve("notes.jpg"), Fixtures.textNamedJpg());
        Files.write(inputB.resolve("plain.gif"), Fixtures.sample("plain.gif"));
        Files.write(inputB.resolve("bitmap.bmp"), Fixtures.sample("bitmap.bmp"));
        Files.write(inputB.resolve("zero.jpg"), new byte[0]);
    }

    @Test
    void everyInterruptedPublishEndsAsACleanRunWouldLeaveIt() throws Exception {
        String cleanRoot = tmp.resolve("clean").toUri().toString();
        assertEquals(0, ingest(cleanRoot, inputA));
        String cleanA = contents(cleanRoot);
        assertEquals(0, ingest(cleanRoot, inputB));
        String cleanB = contents(cleanRoot);

        String root = tmp.resolve("argus").toUri().toString();
        assertEquals(0, ingest(root, inputA));
        boolean b = true;
        for (int nth = 1; nth <= 2; nth++) { // 1: the shards partition's publish, 2: the errors partition's
            for (PublishStep step : PublishStep.values()) {
                if (nth == 2 && step == PublishStep.JOURNALED) {
                    continue; // one journal per run, written before its first partition
                }
                for (boolean repair : new boolean[] {false, true}) {
                    java.nio.file.Path input = b ? inputB : inputA;
                    String scenario = "failed after " + step + " of publish " + nth + ", then "
                            + (repair ? "argus repair" : "argus ingest");
                    console.err.reset();
                    assertEquals(1, ingest(root, input, "-D", "argus.publish.fail.after=" + step,
                            "-D", "argus.publish.fail.nth=" + nth), scenario);
                    List<String> said = console.err.toString(StandardCharsets.UTF_8).lines()
                            .filter(l -> l.startsWith("argus ingest: ")).collect(Collectors.toList());
                    assertEquals(1, said.size(), scenario + ": " + said);
                    assertTrue(said.get(0).startsWith("argus ingest: injected publish fault after " + step), said.get(0));

                    if (repair) {
                        assertEquals(0, ToolRunner.run(new Configuration(conf), new RepairTool(),
                                new String[] {"--root", root, "--date", DAY.toString()}), scenario);
                    } else {
                        assertEquals(0, ingest(root, input), scenario);
                    }
                    // A repair finishes the failed run's publish (its data was complete); an ingest redoes it.
                    assertEquals(b ? cleanB : cleanA, contents(root), scenario);
                    assertNothingLeft(root, scenario);
                    b = !b;
                }
            }
        }
    }

    private int ingest(String root, java.nio.file.Path input, String... generic) throws Exception {
        String[] args = new String[generic.length + 6];
        System.arraycopy(generic, 0, args, 0, generic.length);
        System.arraycopy(new String[] {"--input", input.toString(), "--root", root, "--date", DAY.toString()}, 0,
                args, generic.length, 6);
        return ToolRunner.run(new Configuration(conf), new IngestTool(), args);
    }

    /** The date's complete shards and errors, as what a reader gets (never a half partition). */
    private String contents(String root) throws Exception {
        ArgusLayout layout = ArgusLayout.at(root, conf);
        Set<String> lines = new TreeSet<>();
        for (ImageRecord r : ShardReader.readPartition(layout, layout.shards(DAY), ImageRecord.class, conf)) {
            lines.add("image " + new Path(r.getSourceUri().toString()).getName() + " " + r.getImageId() + " "
                    + r.getFormat() + " " + r.getWidth() + "x" + r.getHeight() + " " + r.getByteSize());
        }
        for (ImageError e : ShardReader.readPartition(layout, layout.errors(Stage.INGEST, DAY, ArgusLayout.INGEST_JOB),
                ImageError.class, conf)) {
            lines.add("error " + new Path(e.getSourceUri().toString()).getName() + " " + e.getErrorClass());
        }
        return String.join("\n", lines);
    }

    private void assertNothingLeft(String root, String scenario) throws Exception {
        ArgusLayout layout = ArgusLayout.at(root, conf);
        for (String dir : List.of("_staging", "_publishing", "_leases")) {
            Path p = new Path(layout.root(), dir);
            assertFalse(layout.fileSystem().exists(p) && layout.fileSystem().listFiles(p, true).hasNext(),
                    scenario + ": " + dir + " is empty");
        }
    }
}
