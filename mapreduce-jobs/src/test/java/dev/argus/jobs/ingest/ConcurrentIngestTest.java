package dev.argus.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.jobs.SimultaneousRuns;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/**
 * Two {@code argus ingest} runs of one date started together, 50 times, on the LocalJobRunner (threads
 * of this JVM, the real command each): one publishes, the other exits 1 naming the holder, and the
 * partition holds exactly the winner's images and errors, never a mix.
 */
class ConcurrentIngestTest {

    private static final int PAIRS = 50;
    private static final Pattern BUSY = Pattern.compile("argus ingest: shards/dt=(\\S+) is being written by "
            + "'argus ingest dt=\\1' \\(\\S+@\\S+ pid \\d+\\) since \\S+, last heartbeat \\d+ s ago; .*");

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void oneOfTwoSimultaneousIngestsWinsAndTheOtherNamesIt() throws Exception {
        Configuration conf = LocalHadoopConf.in(tmp);
        conf.set("mapreduce.jobtracker.staging.root.dir", tmp.resolve("mr-staging").toString());
        conf.setBoolean(IngestTool.DECODE_CHECK, false); // small and fast: what is tested is the publish
        String root = tmp.resolve("argus").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);

        java.nio.file.Path inputA = tmp.resolve("a");
        java.nio.file.Path inputB = tmp.resolve("b");
        Files.createDirectories(inputA);
        Files.createDirectories(inputB);
        Files.write(inputA.resolve("rgb.jpg"), Fixtures.sample("rgb.jpg"));
        Files.write(inputA.resolve("plain.gif"), Fixtures.sample("plain.gif"));
        Files.write(inputB.resolve("bitmap.bmp"), Fixtures.sample("bitmap.bmp"));
        Files.write(inputB.resolve("zero.jpg"), new byte[0]);
        Set<String> imagesA = Set.of("rgb.jpg", "plain.gif");
        Set<String> imagesB = Set.of("bitmap.bmp");

        ByteArrayOutputStream stderr = console.err;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int pair = 0; pair < PAIRS; pair++) {
                LocalDate date = LocalDate.of(2024, 1, 1).plusDays(pair);
                stderr.reset();
                int[] codes = SimultaneousRuns.exitCodes(pool,
                        () -> ToolRunner.run(new Configuration(conf), new IngestTool(),
                                new String[] {"--input", inputA.toString(), "--root", root, "--date", date.toString()}),
                        () -> ToolRunner.run(new Configuration(conf), new IngestTool(),
                                new String[] {"--input", inputB.toString(), "--root", root, "--date", date.toString()}));
                int codeA = codes[0];
                int codeB = codes[1];
                String where = "pair " + pair + ": exit codes " + codeA + ", " + codeB + "\n" + stderr;
                assertEquals(Set.of(0, 1), Set.of(codeA, codeB), where);

                List<String> busy = stderr.toString(StandardCharsets.UTF_8).lines()
                        .filter(l -> l.startsWith("argus ingest: ")).collect(Collectors.toList());
                assertEquals(1, busy.size(), where);
                assertTrue(BUSY.matcher(busy.get(0)).matches(), busy.get(0));
                assertTrue(busy.get(0).contains("dt=" + date + " "), busy.get(0));

                boolean aWon = codeA == 0;
                Path shards = layout.shards(date);
                Path errors = layout.errors(Stage.INGEST, date, ArgusLayout.INGEST_JOB);
                assertEquals(aWon ? imagesA : imagesB, names(ShardReader.readPartition(layout, shards, ImageRecord.class, conf)
                        .stream().map(ImageRecord::getSourceUri)), where);
                assertEquals(aWon ? Set.of() : Set.of("zero.jpg"), names(ShardReader.readPartition(layout, errors,
                        ImageError.class, conf).stream().map(ImageError::getSourceUri)), where);
                SimultaneousRuns.assertFlat(layout, shards);
                SimultaneousRuns.assertFlat(layout, errors);
            }
        } finally {
            pool.shutdownNow();
        }
        Path staging = new Path(layout.root(), "_staging");
        assertTrue(!layout.fileSystem().exists(staging) || layout.fileSystem().listStatus(staging).length == 0,
                "no staging left");
    }

    private static Set<String> names(java.util.stream.Stream<? extends CharSequence> uris) {
        return uris.map(u -> new Path(u.toString()).getName()).collect(Collectors.toSet());
    }
}
