package dev.argus.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/** {@code argus ingest} end to end on the LocalJobRunner, read back through ShardReader. */
class IngestToolTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @TempDir
    java.nio.file.Path tmp;

    private Configuration conf;
    private ArgusLayout layout;
    private String root;

    @BeforeEach
    void setUp() throws IOException {
        conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", tmp.resolve("mr-staging").toString());
        root = tmp.resolve("argus").toUri().toString();
        layout = ArgusLayout.at(root, conf);
    }

    @Test
    void packsEveryFormatAndAccountsForEveryDuplicateAndHostileFile() throws Exception {
        java.nio.file.Path input = tmp.resolve("in");
        Fixtures.copySamplesTo(input.resolve("good"));
        Files.createDirectories(input.resolve("later/deeper")); // sorts after "good/": the originals are kept
        Files.write(input.resolve("later/rgb-copy.jpg"), Fixtures.sample("rgb.jpg"));
        Files.write(input.resolve("later/deeper/lossy-copy.webp"), Fixtures.sample("lossy.webp"));
        Files.createDirectories(input.resolve("bad"));
        Files.write(input.resolve("bad/zero.jpg"), new byte[0]);
        Files.write(input.resolve("bad/truncated.jpg"), Fixtures.truncatedJpeg());
        Files.write(input.resolve("bad/spliced.jpg"), Fixtures.jpegWithGarbageInTheScan());
        Files.write(input.resolve("bad/broken-crc.png"), Fixtures.pngWithBrokenCrc());
        Files.write(input.resolve("bad/notes.jpg"), Fixtures.textNamedJpg());
        Files.write(input.resolve("bad/huge.png"), Fixtures.pngClaiming100000Squared());
        Files.write(input.resolve("bad/huge.jpg"), Fixtures.jpegClaiming65000Squared());
        int inputFiles = Fixtures.SAMPLES.size() + 2 + 7;

        Run run = ingest("--input", input.toString(), "--root", root, "--date", DAY.toString(),
                "--attr", "site=lab", "--attr", "batch=7");
        assertEquals(0, run.exitCode, run.stderr);

        IngestSummary s = run.summary;
        assertEquals(inputFiles, s.inputFiles());
        assertEquals(Fixtures.SAMPLES.size(), s.packed());
        assertEquals(2, s.duplicates());
        assertEquals(7, s.errors());
        assertEquals(s.inputFiles(), s.packed() + s.duplicates() + s.errors());
        assertEquals(Map.of("EmptyFile", 1L, "Truncated", 1L, "CorruptImage", 1L, "BadCrc", 1L, "NotAnImage", 1L,
                "TooManyPixels", 2L),
                s.errorsByReason());
        assertTrue(run.stdout.contains("duplicates"), run.stdout);

        Map<String, ImageRecord> byFile = shards().stream()
                .collect(Collectors.toMap(r -> new Path(r.getSourceUri()).getName(), Function.identity()));
        assertEquals(Fixtures.SAMPLES.keySet(), byFile.keySet(), "the copy with the smallest URI is the one kept");
        for (Fixtures.Sample sample : Fixtures.SAMPLES.values()) {
            ImageRecord r = byFile.get(sample.file());
            byte[] original = Fixtures.sample(sample.file());
            assertEquals(sample.format(), r.getFormat(), sample.file());
            assertEquals(sample.width(), r.getWidth(), sample.file());
            assertEquals(sample.height(), r.getHeight(), sample.file());
            assertEquals(original.length, r.getByteSize());
            assertArrayEquals(original, bytes(r.getBytes()), "bytes are stored exactly as read");
            assertEquals(sha256(original), r.getImageId());
            assertEquals(Map.of("site", "lab", "batch", "7"), r.getAttributes());
            assertTrue(r.getSourceUri().startsWith("file:/"), r.getSourceUri());
            assertTrue(r.getDecodeChecked(), sample.file() + ": passed the decode check, which its record says");
        }
        assertEquals(Set.of("jpeg", "png", "gif", "bmp", "webp", "tiff"),
                byFile.values().stream().map(ImageRecord::getFormat).collect(Collectors.toSet()));

        Map<String, ImageError> errors = errors().stream()
                .collect(Collectors.toMap(e -> new Path(e.getSourceUri()).getName(), Function.identity()));
        assertEquals(Map.of("zero.jpg", "EmptyFile", "truncated.jpg", "Truncated", "spliced.jpg", "CorruptImage",
                "broken-crc.png", "BadCrc", "notes.jpg", "NotAnImage", "huge.png", "TooManyPixels",
                "huge.jpg", "TooManyPixels"),
                new TreeMap<>(errors.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getErrorClass()))));
        for (ImageError e : errors.values()) {
            assertEquals("ingest", e.getStage());
            assertTrue(e.getMessage().startsWith(e.getSourceUri() + ": ") && e.getMessage().length() > e.getSourceUri().length() + 10,
                    "a reason a person can act on: " + e.getMessage());
        }
        assertNull(errors.get("zero.jpg").getImageId(), "no bytes, no id");
        assertEquals(sha256(Fixtures.truncatedJpeg()), errors.get("truncated.jpg").getImageId());
        assertTrue(errors.get("huge.png").getMessage().contains("100000x100000"), errors.get("huge.png").getMessage());
        assertNoStagingLeft();
    }

    @Test
    void listingCarriesAttributesAndRecordsUnreadablePaths() throws Exception {
        java.nio.file.Path images = tmp.resolve("images");
        Fixtures.copySamplesTo(images);
        Files.createDirectories(images.resolve("folder.jpg")); // a directory where a file was promised
        java.nio.file.Path listing = tmp.resolve("listing.txt");
        Files.writeString(listing, String.join("\n",
                "# camera uploads, one URI per line",
                images.resolve("rgb.jpg").toUri() + "\tcamera=north\tcaptured=2024-05-01T06:00",
                "",
                "images/plain.gif",                        // relative to the listing file
                images.resolve("lossy.webp").toString() + "\tsite=override",
                images.resolve("missing.png").toString(),  // does not exist
                images.resolve("folder.jpg").toString(),
                images.resolve("rgb.jpg").toString()) + "\n", StandardCharsets.UTF_8);

        Run run = ingest("--input", listing.toString(), "--root", root, "--date", DAY.toString(), "--attr", "site=lab");
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(6, run.summary.inputFiles());
        assertEquals(3, run.summary.packed());
        assertEquals(1, run.summary.duplicates());
        assertEquals(Map.of("NotFound", 1L, "NotAFile", 1L), run.summary.errorsByReason());

        Map<String, Map<String, String>> attributes = shards().stream()
                .collect(Collectors.toMap(r -> new Path(r.getSourceUri()).getName(), ImageRecord::getAttributes));
        // The two rgb.jpg lines are one image; the listed URI sorting first is the one kept.
        assertEquals(Map.of(
                "rgb.jpg", Map.of("site", "lab"),
                "plain.gif", Map.of("site", "lab"),
                "lossy.webp", Map.of("site", "override")), attributes);
        Map<String, ImageError> errors = errors().stream()
                .collect(Collectors.toMap(e -> new Path(e.getSourceUri()).getName(), Function.identity()));
        assertTrue(errors.get("missing.png").getMessage().contains("no such file"));
        assertTrue(errors.get("folder.jpg").getMessage().contains("is a directory"));
    }

    @Test
    void rerunReplacesThePartitionAndAFailedRunLeavesItAlone() throws Exception {
        java.nio.file.Path first = tmp.resolve("first");
        Files.createDirectories(first);
        Files.write(first.resolve("a.jpg"), Fixtures.sample("rgb.jpg"));
        Files.write(first.resolve("b.png"), Fixtures.sample("rgb16.png"));
        Files.write(first.resolve("c.gif"), Fixtures.sample("plain.gif"));
        Files.write(first.resolve("bad.jpg"), Fixtures.textNamedJpg());
        assertEquals(0, ingest("--input", first.toString(), "--root", root, "--date", DAY.toString()).exitCode);
        assertEquals(3, shards().size());
        assertEquals(1, errors().size());

        java.nio.file.Path second = tmp.resolve("second");
        Files.createDirectories(second);
        Files.write(second.resolve("d.bmp"), Fixtures.sample("bitmap.bmp"));
        assertEquals(0, ingest("--input", second.toString(), "--root", root, "--date", DAY.toString()).exitCode);
        List<ImageRecord> replaced = shards();
        assertEquals(List.of("d.bmp"), replaced.stream().map(r -> new Path(r.getSourceUri()).getName()).toList());
        assertEquals(List.of(), errors(), "the old run's errors went with its shards");

        // An impossible sort buffer fails every map task: a real job failure, no test hook.
        Run failed = ingest("-D", "mapreduce.task.io.sort.mb=4000",
                "--input", first.toString(), "--root", root, "--date", DAY.toString());
        assertNotEquals(0, failed.exitCode);
        assertTrue(failed.stderr.contains("is left as it was"), failed.stderr);
        assertEquals(replaced, shards(), "the published partition is untouched");
        assertNoStagingLeft();
    }

    @Test
    void separateDatesAreSeparatePartitions() throws Exception {
        java.nio.file.Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("a.tiff"), Fixtures.sample("lzw.tiff"));
        assertEquals(0, ingest("--input", in.toString(), "--root", root, "--date", "2024-05-01").exitCode);
        assertEquals(0, ingest("--input", in.toString(), "--root", root, "--date", "2024-05-02",
                "--shard-size", "1m", "--max-pixels", "5000").exitCode);
        assertEquals(List.of(DAY, DAY.plusDays(1)), layout.completeShardDates());
        assertEquals(1, ShardReader.readPartition(layout, layout.shards(DAY.plusDays(1)), ImageRecord.class, conf).size());
    }

    @Test
    void recordsSayWhetherIngestDecodeCheckedTheirBytes() throws Exception {
        java.nio.file.Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("a.jpg"), Fixtures.sample("rgb.jpg"));
        Files.write(in.resolve("b.png"), Fixtures.sample("rgb16.png"));
        assertEquals(0, ingest("--input", in.toString(), "--root", root, "--date", DAY.toString()).exitCode);
        assertEquals(0, ingest("-D", IngestTool.DECODE_CHECK + "=false",
                "--input", in.toString(), "--root", root, "--date", DAY.plusDays(1).toString()).exitCode);

        assertEquals(List.of(true, true), shards().stream().map(ImageRecord::getDecodeChecked).toList());
        assertEquals(List.of(false, false), ShardReader.readPartition(layout, layout.shards(DAY.plusDays(1)),
                ImageRecord.class, conf).stream().map(ImageRecord::getDecodeChecked).toList(),
                "with the check off, detect must search the bytes for damage itself");
    }

    @Test
    void reducersFollowTheShardSizeAndDuplicatesStillMeet() throws Exception {
        java.nio.file.Path input = tmp.resolve("in");
        Fixtures.copySamplesTo(input.resolve("a"));
        Fixtures.copySamplesTo(input.resolve("b")); // every image twice; small map splits part the copies
        long bytes = Fixtures.SAMPLES.keySet().stream().mapToLong(f -> Fixtures.sample(f).length).sum() * 2;

        Run run = ingest("-D", IngestTool.MAP_BYTES + "=16384",
                "--input", input.toString(), "--root", root, "--date", DAY.toString(), "--shard-size", "8k");
        assertEquals(0, run.exitCode, run.stderr);
        assertEquals(Fixtures.SAMPLES.size(), run.summary.packed());
        assertEquals(Fixtures.SAMPLES.size(), run.summary.duplicates());
        int shardFiles = ShardReader.dataFiles(layout.fileSystem(), layout.shards(DAY)).size();
        assertTrue(shardFiles > 1 && shardFiles <= (bytes + 8191) / 8192, shardFiles + " shards for " + bytes + " bytes");
        assertTrue(shards().stream().allMatch(r -> r.getSourceUri().contains("/in/a/")), "the smaller URI is kept");
    }

    @Test
    void helpPrintsUsageAndSucceeds() throws Exception {
        Run run = ingest("--help");
        assertEquals(0, run.exitCode);
        assertTrue(run.stdout.contains("--input") && run.stdout.contains("--max-pixels"), run.stdout);
    }

    @Test
    void badCommandLinesSayWhatIsWrong() throws Exception {
        assertUsageError("argus ingest: Unrecognized option: --colour", "--colour", "red");
        assertUsageError("argus ingest: Missing required option: date", "--input", "x", "--root", root);
        assertUsageError("argus ingest: date '2024-13-01' is not of the form YYYY-MM-DD",
                "--input", "x", "--root", root, "--date", "2024-13-01");
        assertUsageError("argus ingest: --max-pixels must be positive, not 0",
                "--input", "x", "--root", root, "--date", "2024-05-01", "--max-pixels", "0");
        assertUsageError("argus ingest: --shard-size 'big' is not a number (suffixes k, m, g allowed)",
                "--input", "x", "--root", root, "--date", "2024-05-01", "--shard-size", "big");
        assertUsageError("argus ingest: attribute 'camera' is not key=value",
                "--input", "x", "--root", root, "--date", "2024-05-01", "--attr", "camera");
        assertUsageError("argus ingest: argus.ingest.codec 'zip' is not an Avro codec",
                "-D", "argus.ingest.codec=zip", "--input", "x", "--root", root, "--date", "2024-05-01");
        assertUsageError("argus ingest: root 'nosuchscheme://x/y': No FileSystem for scheme \"nosuchscheme\"",
                "--input", "x", "--root", "nosuchscheme://x/y", "--date", "2024-05-01");
        Run missing = ingest("--input", tmp.resolve("nowhere").toString(), "--root", root, "--date", "2024-05-01");
        assertEquals(2, missing.exitCode);
        assertTrue(missing.stderr.contains("does not exist"), missing.stderr);
        assertFalse(layout.isComplete(layout.shards(DAY)));
    }

    private void assertUsageError(String expectedFirstLine, String... args) throws Exception {
        Run run = ingest(args);
        assertEquals(2, run.exitCode);
        assertTrue(run.stderr.startsWith(expectedFirstLine), run.stderr);
        assertTrue(run.stderr.contains("usage: argus ingest"), run.stderr);
    }

    @Test
    void anEmptyRunDoesNotReplaceImagesUnlessAllowed() throws Exception {
        java.nio.file.Path images = tmp.resolve("images");
        Fixtures.copySamplesTo(images);
        java.nio.file.Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, ingest("--input", images.toString(), "--root", root, "--date", DAY.toString()).exitCode);

        Run refused = ingest("--input", empty.toString(), "--root", root, "--date", DAY.toString());
        assertEquals(1, refused.exitCode, refused.stderr);
        assertEquals("argus ingest: " + empty + " gave no image to pack; refusing to replace shards/dt=2024-05-01, "
                + "which has images, with an empty partition (--allow-empty does it)", refused.stderr.strip());
        assertEquals(Fixtures.SAMPLES.size(), shards().size(), "the partition is left as it was");

        Run allowed = ingest("--input", empty.toString(), "--root", root, "--date", DAY.toString(), "--allow-empty");
        assertEquals(0, allowed.exitCode, allowed.stderr);
        assertEquals(List.of(), shards());
        assertNoStagingLeft();
    }

    private record Run(int exitCode, String stdout, String stderr, IngestSummary summary) {
    }

    private Run ingest(String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        IngestTool tool = new IngestTool();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = ToolRunner.run(new Configuration(conf), tool, args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Run run = new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                tool.lastSummary());
        out.print(run.stdout);
        return run;
    }

    private List<ImageRecord> shards() throws IOException {
        return ShardReader.readPartition(layout, layout.shards(DAY), ImageRecord.class, conf);
    }

    private List<ImageError> errors() throws IOException {
        return ShardReader.readPartition(layout, layout.errors(Stage.INGEST, DAY, ArgusLayout.INGEST_JOB),
                ImageError.class, conf);
    }

    private void assertNoStagingLeft() throws IOException {
        Path staging = new Path(layout.root(), "_staging");
        assertTrue(!layout.fileSystem().exists(staging) || layout.fileSystem().listStatus(staging).length == 0,
                "staging is cleaned up");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
