package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.jobs.SimultaneousRuns;
import dev.argus.jobs.stats.StatsTool;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.ShardWriter;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.file.CodecFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code argus detect}, then two {@code argus stats}, of one partition started together, 10 times
 * each (the ≥ 50 pairs are ingest's, in ConcurrentIngestTest): one writes, the other exits 1 naming it,
 * and the partitions hold every image once.
 */
class ConcurrentDetectAndStatsTest {

    private static final int PAIRS = 10;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void oneOfTwoSimultaneousRunsWritesThePartition() throws Exception {
        Configuration conf = LocalHadoopConf.in(tmp);
        String root = tmp.resolve("root").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);
        BrightBoxDetector.install(conf, layout, "concurrent");

        ByteArrayOutputStream stderr = console.err;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int pair = 0; pair < PAIRS; pair++) {
                LocalDate date = LocalDate.of(2025, 3, 1).plusDays(pair);
                Set<String> images = publishShards(layout, date, 3 + pair % 3);
                String[] partition = {"--root", root, "--date", date.toString(), "--model", "brightbox:1"};

                stderr.reset();
                race(pool, conf, DetectTool::new, partition, "detect", date, stderr);
                String job = ArgusLayout.detectJob("brightbox", "1");
                Set<String> seen = ShardReader.readPartition(layout, layout.detections("brightbox", "1", date),
                        ImageDetections.class, conf).stream().map(d -> d.getImageId().toString()).collect(Collectors.toSet());
                for (Stage stage : Stage.DETECT) {
                    ShardReader.readPartition(layout, layout.errors(stage, date, job), ImageError.class, conf)
                            .forEach(e -> seen.add(e.getImageId().toString()));
                }
                assertEquals(images, seen, "every image once, pair " + pair);
                SimultaneousRuns.assertFlat(layout, layout.detections("brightbox", "1", date));

                stderr.reset();
                race(pool, conf, StatsTool::new, partition, "stats", date, stderr);
                assertTrue(layout.isComplete(layout.stats("brightbox", "1", date)));
                SimultaneousRuns.assertFlat(layout, layout.stats("brightbox", "1", date));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void race(ExecutorService pool, Configuration conf, Supplier<Tool> tool, String[] args,
            String command, LocalDate date, ByteArrayOutputStream stderr) throws Exception {
        Callable<Integer> run = () -> ToolRunner.run(new Configuration(conf), tool.get(), args.clone());
        int[] codes = SimultaneousRuns.exitCodes(pool, run, run);
        int codeA = codes[0];
        int codeB = codes[1];
        String said = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(Set.of(0, 1), Set.of(codeA, codeB), command + " " + date + ": " + codeA + ", " + codeB + "\n" + said);
        List<String> busy = said.lines().filter(l -> l.startsWith("argus " + command + ": "))
                .filter(l -> !l.startsWith("argus detect: thread budget ")) // each task's own status line
                .collect(Collectors.toList());
        assertEquals(1, busy.size(), said);
        assertTrue(busy.get(0).contains(" is being written by 'argus " + command + " brightbox:1 dt=" + date + "' ("),
                busy.get(0));
    }

    private static Set<String> publishShards(ArgusLayout layout, LocalDate date, int count) throws Exception {
        org.apache.hadoop.fs.Path staged = layout.newStagingDir("test-shards");
        Set<String> ids = new java.util.HashSet<>();
        try (ShardWriter<ImageRecord> w = ShardWriter.create(layout.fileSystem(),
                new org.apache.hadoop.fs.Path(staged, "part-r-00000.avro"), ImageRecord.class, CodecFactory.nullCodec())) {
            for (int i = 0; i < count; i++) {
                ImageRecord r = TestImages.record(date + "-" + i + ".png",
                        TestImages.pngWithBox(50 + i, 40, Color.WHITE, 5, 5, 20, 20), 50 + i, 40);
                w.append(r);
                ids.add(r.getImageId().toString());
            }
        }
        layout.publish(staged, layout.shards(date));
        return ids;
    }
}
