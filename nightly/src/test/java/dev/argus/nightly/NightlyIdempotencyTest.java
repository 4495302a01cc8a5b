package dev.argus.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.detect.RealModels;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argus nightly} on one machine (LocalJobRunner, embedded Hive, the real CenterNet bundle):
 * a rerun, and a rerun after a failed step, end in the state one clean run gives.
 */
class NightlyIdempotencyTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    @TempDir
    static Path work;
    private static Path input;

    @BeforeAll
    static void photos() throws Exception {
        input = Files.createDirectories(work.resolve("raw"));
        for (String name : List.of("sample1.jpg", "sample2.jpg", "sample3.jpg")) {
            Files.copy(RealModels.samples().resolve(name), input.resolve(name));
        }
        // one file that is not an image: the errors partition must carry it through every rerun
        Files.writeString(input.resolve("notes.jpg"), "not a jpeg");
    }

    private static Path publishModel(Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("models/centernet/1"));
        try (var files = Files.list(RealModels.centernet())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static NightlyTool nightly(Path root, String... extra) throws Exception {
        NightlyTool tool = new NightlyTool();
        List<String> args = new ArrayList<>(List.of("--date", DAY.toString(), "--input", input.toString(),
                "--root", root.toString(), "--model", "centernet"));
        args.addAll(List.of(extra));
        int rc = ToolRunner.run(new Configuration(), tool, args.toArray(String[]::new));
        lastExitCode = rc;
        return tool;
    }

    private static int lastExitCode;

    /** Everything a run leaves that a reader can see, minus wall-clock fields. */
    private static String state(Path root, NightlyTool tool) throws Exception {
        Configuration conf = new Configuration();
        ArgusLayout layout = ArgusLayout.at(root.toString(), conf);
        TreeMap<String, String> s = new TreeMap<>();
        for (ImageRecord r : ShardReader.readPartition(layout, layout.shards(DAY), ImageRecord.class, conf)) {
            s.put("shard " + r.getImageId(), r.getSourceUri().replace(input.toUri().toString(), "") + " "
                    + r.getByteSize());
        }
        for (ImageDetections d : ShardReader.readPartition(layout, layout.detections("centernet", "1", DAY),
                ImageDetections.class, conf)) {
            s.put("detections " + d.getImageId(), d.getDetections().toString());
        }
        for (ImageError e : ShardReader.readPartition(layout, layout.errors(Stage.INGEST, DAY, ArgusLayout.INGEST_JOB),
                ImageError.class, conf)) {
            s.put("error " + e.getSourceUri().replaceAll(".*/", ""), e.getStage() + " " + e.getErrorClass());
        }
        assertTrue(layout.isComplete(layout.stats("centernet", "1", DAY)));
        s.put("hive summary", tool.summary().toString());
        return s.toString();
    }

    @Test
    void aRerunSkipsCompleteStepsAndARerunAfterAFailureEndsLikeOneCleanRun() throws Exception {
        // One clean run.
        Path clean = work.resolve("clean");
        publishModel(clean);
        NightlyTool first = nightly(clean);
        assertEquals(0, lastExitCode);
        assertEquals(List.of(), first.skipped());
        String cleanState = state(clean, first);
        assertTrue(cleanState.contains("person"), "CenterNet finds the people: " + cleanState);
        assertTrue(cleanState.contains("error notes.jpg=ingest"), cleanState);
        assertTrue(first.summary().stream().anyMatch(r -> r.startsWith("centernet\t1\tperson\t")), first.summary().toString());

        // The same date again: every step is complete, nothing is redone, nothing changes.
        NightlyTool again = nightly(clean);
        assertEquals(0, lastExitCode);
        assertEquals(List.of("ingest", "detect", "stats"), again.skipped());
        assertEquals(cleanState, state(clean, again));

        // A run whose detect step fails (the published bundle's manifest is damaged): non-zero, no
        // detections. (Damaging only a weights file would not do here: the manifest, checksums
        // included, is what a JVM that already loaded this bundle recognises it by.)
        Path broken = work.resolve("broken");
        Path model = publishModel(broken);
        Files.writeString(model.resolve("bundle.json"), "{\"format\": 1}");
        NightlyTool failed = nightly(broken);
        assertEquals(1, lastExitCode);
        ArgusLayout layout = ArgusLayout.at(broken.toString(), new Configuration());
        assertTrue(layout.isComplete(layout.shards(DAY)), "ingest finished before detect failed");
        assertFalse(layout.isComplete(layout.detections("centernet", "1", DAY)));
        assertEquals(List.of(), failed.summary());

        // Fixed and rerun: ingest is skipped, the rest runs, and the end state is the clean run's.
        publishModel(broken);
        NightlyTool fixed = nightly(broken);
        assertEquals(0, lastExitCode);
        assertEquals(List.of("ingest"), fixed.skipped());
        assertEquals(cleanState, state(broken, fixed));

        // --force redoes every step and still ends in the same state.
        NightlyTool forced = nightly(broken, "--force");
        assertEquals(0, lastExitCode);
        assertEquals(List.of(), forced.skipped());
        assertEquals(cleanState, state(broken, forced));
    }

    @Test
    void aDateIngestedAgainHasItsDetectionsAndStatsRedone() throws Exception {
        Path root = work.resolve("reingested");
        publishModel(root);
        NightlyTool first = nightly(root);
        assertEquals(0, lastExitCode);
        String firstState = state(root, first);

        // The date is ingested again by hand: its detections and stats now describe shards that are gone.
        assertEquals(0, ToolRunner.run(new Configuration(), new dev.argus.jobs.ingest.IngestTool(), new String[] {
                "--input", input.toString(), "--root", root.toString(), "--date", DAY.toString()}));
        ArgusLayout layout = ArgusLayout.at(root.toString(), new Configuration());
        assertTrue(layout.staleness(layout.detections("centernet", "1", DAY)).isPresent());

        NightlyTool again = nightly(root);
        assertEquals(0, lastExitCode);
        assertEquals(List.of("ingest"), again.skipped(), "detect and stats are redone, not skipped");
        assertEquals(java.util.Optional.empty(), layout.staleness(layout.detections("centernet", "1", DAY)));
        assertEquals(java.util.Optional.empty(), layout.staleness(layout.stats("centernet", "1", DAY)));
        assertEquals(firstState, state(root, again), "the same photos give the same results");
    }
}
