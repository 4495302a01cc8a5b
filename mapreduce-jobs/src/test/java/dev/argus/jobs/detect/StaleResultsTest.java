package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.jobs.ingest.IngestTool;
import dev.argus.jobs.report.ReportTool;
import dev.argus.jobs.stats.StatsTool;
import dev.argus.layout.ArgusLayout;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a date is ingested again, its detections describe shards that are gone: stats and report say
 * so (the report page marks it), detect says it replaces them, and after detect nothing is stale.
 */
class StaleResultsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void detectionsOfAnOlderIngestAreCalledStaleUntilDetectRunsAgain() throws Exception {
        Configuration conf = LocalHadoopConf.in(tmp);
        String root = tmp.resolve("root").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);
        BrightBoxDetector.install(conf, layout, "stale");
        Path input = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 4; i++) {
            Files.write(input.resolve("img" + i + ".png"),
                    TestImages.pngWithBox(60 + i, 40, i % 2 == 0 ? Color.GREEN : Color.WHITE, 5, 5, 20, 20));
        }
        String[] partition = {"--root", root, "--date", DAY.toString(), "--model", "brightbox:1"};

        assertEquals(0, run(conf, new IngestTool(), "--input", input.toString(), "--root", root, "--date", DAY.toString()));
        assertEquals(0, run(conf, new DetectTool(), partition));
        console.err.reset();
        assertEquals(0, run(conf, new StatsTool(), partition));
        assertFalse(console.err.toString(StandardCharsets.UTF_8).contains("stale"), console.err.toString());

        // the same photos again: a new shards partition, which the detections were not built from
        assertEquals(0, run(conf, new IngestTool(), "--input", input.toString(), "--root", root, "--date", DAY.toString()));
        String stale = "detections/model=brightbox/version=1/dt=2026-11-26 is stale: it was built from shards/dt=2026-11-26 ";

        console.err.reset();
        assertEquals(0, run(conf, new StatsTool(), partition));
        assertTrue(console.err.toString(StandardCharsets.UTF_8).contains("argus stats: warning: " + stale),
                console.err.toString());

        console.err.reset();
        Path report = tmp.resolve("report");
        assertEquals(0, run(conf, new ReportTool(), "--root", root, "--date", DAY.toString(), "--model", "brightbox:1",
                "--out", report.toString()));
        assertTrue(console.err.toString(StandardCharsets.UTF_8).contains("argus report: warning: " + stale),
                console.err.toString());
        String page = Files.readString(report.resolve("index.html"));
        assertTrue(page.contains("<p class=\"warn\" id=\"stale\">STALE: " + stale), "the page marks it");

        console.out.reset();
        assertEquals(0, run(conf, new DetectTool(), partition));
        assertTrue(console.out.toString(StandardCharsets.UTF_8).contains("argus detect: replacing " + stale),
                console.out.toString());
        assertEquals(java.util.Optional.empty(), layout.staleness(layout.detections("brightbox", "1", DAY)));

        console.err.reset();
        assertEquals(0, run(conf, new ReportTool(), "--root", root, "--date", DAY.toString(), "--model", "brightbox:1",
                "--out", report.toString()));
        assertFalse(console.err.toString(StandardCharsets.UTF_8).contains("stale"), console.err.toString());
        assertFalse(Files.readString(report.resolve("index.html")).contains("STALE"));
    }

    private static int run(Configuration conf, Tool tool, String... args) throws Exception {
        return ToolRunner.run(new Configuration(conf), tool, args);
    }
}
