package dev.argus.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A publish failed after each of its steps is finished by the next publish or by repair. */
class PublishRecoveryTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @TempDir
    java.nio.file.Path tmp;

    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void theNextPublishFinishesAnInterruptedOne(PublishStep step) throws IOException {
        ArgusLayout failing = layoutFailingAfter(step);
        Path target = failing.shards(DAY);
        publishFile(ArgusLayout.at(tmp.toUri().toString(), new Configuration()), target, "old");

        assertThrows(IOException.class, () -> publishFile(failing, target, "interrupted"));
        assertTrue(failing.fileSystem().exists(failing.publishJournal(target)), "the journal stays behind");

        ArgusLayout clean = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        publishFile(clean, target, "new");
        assertEquals(List.of("_LINEAGE", "part-r-00000.avro", "_SUCCESS"), names(clean, target));
        assertEquals("new", read(clean, new Path(target, "part-r-00000.avro")));
        assertNothingLeft(clean);
    }

    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void repairLeavesTheDateWithOneCompletePartition(PublishStep step) throws IOException {
        ArgusLayout failing = layoutFailingAfter(step);
        Path target = failing.shards(DAY);
        publishFile(ArgusLayout.at(tmp.toUri().toString(), new Configuration()), target, "old");
        assertThrows(IOException.class, () -> publishFile(failing, target, "interrupted"));

        ArgusLayout clean = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        List<String> report = clean.repair(Optional.of(DAY), new Configuration());
        String done = step.compareTo(PublishStep.NEW_IN_PLACE) < 0 ? "rolled forward" : "completed";
        assertEquals(List.of(done + " the interrupted publish of shards/dt=2024-05-01"), report);
        assertTrue(clean.isComplete(target));
        assertEquals("interrupted", read(clean, new Path(target, "part-r-00000.avro")), "the finished run's data");
        assertNothingLeft(clean);
    }

    @ParameterizedTest
    @EnumSource(value = PublishStep.class, names = {"OLD_UNMARKED", "OLD_RETIRED"})
    void repairRollsBackWhenTheStagedDataIsGone(PublishStep step) throws IOException {
        ArgusLayout failing = layoutFailingAfter(step);
        Path target = failing.shards(DAY);
        publishFile(ArgusLayout.at(tmp.toUri().toString(), new Configuration()), target, "old");
        Path staged = failing.newStagingDir("test");
        write(failing, new Path(staged, "part-r-00000.avro"), "lost");
        assertThrows(IOException.class, () -> failing.publish(staged, target));
        failing.fileSystem().delete(staged, true); // removed by hand

        ArgusLayout clean = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        List<String> report = clean.repair(Optional.empty(), new Configuration());
        String done = step == PublishStep.OLD_RETIRED ? "rolled back" : "completed"; // the old data never moved
        assertEquals(List.of(done + " the interrupted publish of shards/dt=2024-05-01"), report);
        assertTrue(clean.isComplete(target));
        assertEquals("old", read(clean, new Path(target, "part-r-00000.avro")));
        assertNothingLeft(clean);
    }

    @ParameterizedTest
    @EnumSource(value = PublishStep.class, names = {"OLD_RETIRED"})
    void discardingStagingKeepsWhatAJournalNames(PublishStep step) throws IOException {
        ArgusLayout failing = layoutFailingAfter(step);
        Path target = failing.shards(DAY);
        publishFile(ArgusLayout.at(tmp.toUri().toString(), new Configuration()), target, "old");
        Path staging = failing.newStagingDir("ingest");
        Path staged = new Path(staging, "out");
        write(failing, new Path(staged, "part-r-00000.avro"), "new");
        assertThrows(IOException.class, () -> failing.publish(staged, target));
        failing.discardStaging(staging);
        assertTrue(failing.fileSystem().exists(staged), "a journal names it");
    }

    private ArgusLayout layoutFailingAfter(PublishStep step) throws IOException {
        Configuration conf = new Configuration();
        conf.set(PublishFaults.FAIL_AFTER, step.name());
        return ArgusLayout.at(tmp.toUri().toString(), conf);
    }

    private static void publishFile(ArgusLayout layout, Path target, String text) throws IOException {
        Path staged = layout.newStagingDir("test");
        write(layout, new Path(staged, "part-r-00000.avro"), text);
        layout.publish(staged, target);
    }

    private static void assertNothingLeft(ArgusLayout layout) throws IOException {
        FileSystem fs = layout.fileSystem();
        for (String dir : List.of("_staging", "_publishing")) {
            Path p = new Path(layout.root(), dir);
            assertFalse(fs.exists(p) && fs.listFiles(p, true).hasNext(), dir + " is empty");
        }
    }

    private static List<String> names(ArgusLayout layout, Path dir) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        for (var f : layout.fileSystem().listStatus(dir, p -> !p.getName().endsWith(".crc"))) {
            names.add(f.getPath().getName());
        }
        names.sort((a, b) -> a.equals("_SUCCESS") ? 1 : b.equals("_SUCCESS") ? -1 : a.compareTo(b));
        return names;
    }

    private static void write(ArgusLayout layout, Path file, String text) throws IOException {
        try (FSDataOutputStream out = layout.fileSystem().create(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(ArgusLayout layout, Path file) throws IOException {
        try (var in = layout.fileSystem().open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
