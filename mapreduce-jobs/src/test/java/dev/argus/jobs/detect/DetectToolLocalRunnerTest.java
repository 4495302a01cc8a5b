package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.ZooDetectorLoader;
import dev.argus.jobs.detect.model.DetectorLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.ConsoleCapture;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.ShardWriter;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.file.CodecFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code argus detect} end to end on the LocalJobRunner, with the bright-box test model. */
class DetectToolLocalRunnerTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @TempDir
    Path tmp;

    private ArgusLayout layout;
    private Configuration conf;
    private final List<ImageRecord> inputs = new ArrayList<>();

    @BeforeEach
    void layoutWithShardsAndModel() throws Exception {
        conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.setClass(DetectConfig.LOADER.key(), FaultInjectingLoader.class, DetectorLoader.class);
        conf.setClass(FaultInjectingLoader.INNER_LOADER, BrightBoxDetector.Loader.class, DetectorLoader.class);
        conf.setInt(FaultInjectingLoader.FAIL_WIDTH, 13);
        layout = ArgusLayout.at(tmp.resolve("root").toUri().toString(), conf);

        for (int i = 0; i < 30; i++) {
            if (i % 10 == 4) {
                inputs.add(TestImages.record("junk" + i + ".jpg", ("junk" + i).getBytes(StandardCharsets.UTF_8), 9, 9));
            } else if (i % 10 == 7) {
                inputs.add(TestImages.record("poison" + i + ".png",
                        TestImages.pngWithBox(13, 30 + i, Color.WHITE, 1, 1, 5, 5), 13, 30 + i));
            } else {
                inputs.add(TestImages.record("img" + i + ".png",
                        TestImages.pngWithBox(60 + i, 40, i % 3 == 0 ? Color.GREEN : Color.WHITE, 5, 5, 20, 20), 60 + i, 40));
            }
        }
        // two shard files: two map tasks, which must share one model load
        org.apache.hadoop.fs.Path staged = layout.newStagingDir("test-shards");
        for (int part = 0; part < 2; part++) {
            try (ShardWriter<ImageRecord> w = ShardWriter.create(layout.fileSystem(),
                    new org.apache.hadoop.fs.Path(staged, "part-r-0000" + part + ".avro"), ImageRecord.class, CodecFactory.nullCodec())) {
                for (int i = part; i < inputs.size(); i += 2) {
                    w.append(inputs.get(i));
                }
            }
        }
        layout.publish(staged, layout.shards(DAY));
        BrightBoxDetector.writeBundle(Path.of(layout.model("brightbox", "1").toUri()), "1", "local-runner");
    }

    private int detect(String... args) throws Exception {
        return ToolRunner.run(new Configuration(conf), new DetectTool(), args);
    }

    @Test
    void everyImageLandsOnceInDetectionsOrErrorsAndPartitionsArePublished() throws Exception {
        DetectTool tool = new DetectTool();
        int rc = ToolRunner.run(new Configuration(conf), tool,
                new String[]{"--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox", "--batch-size", "4"});

        assertEquals(0, rc);
        org.apache.hadoop.fs.Path detectionsDir = layout.detections("brightbox", "1", DAY);
        List<ImageDetections> detections = ShardReader.readPartition(layout, detectionsDir, ImageDetections.class, conf);
        String job = ArgusLayout.detectJob("brightbox", "1");
        List<ImageError> decodeErrors = ShardReader.readPartition(layout, layout.errors(Stage.DECODE, DAY, job), ImageError.class, conf);
        List<ImageError> inferenceErrors = ShardReader.readPartition(layout, layout.errors(Stage.INFERENCE, DAY, job), ImageError.class, conf);

        List<String> seen = new ArrayList<>();
        detections.forEach(d -> seen.add(d.getImageId()));
        decodeErrors.forEach(e -> seen.add(e.getImageId()));
        inferenceErrors.forEach(e -> seen.add(e.getImageId()));
        Set<String> expected = new HashSet<>();
        inputs.forEach(r -> expected.add(r.getImageId()));
        assertEquals(inputs.size(), seen.size(), "every image exactly once");
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(3, decodeErrors.size());
        assertEquals(3, inferenceErrors.size());
        assertTrue(decodeErrors.stream().allMatch(e -> e.getStage().equals("decode")));
        assertTrue(inferenceErrors.stream().allMatch(e -> e.getStage().equals("inference")));
        long dogs = detections.stream().filter(d -> d.getDetections().get(0).getLabel().equals("dog")).count();
        assertEquals(8, dogs); // i % 3 == 0 among the good ones: 0 3 6 9 12 15 18 21 24 27, less 24 (junk) and 27 (poison)

        DetectSummary summary = tool.lastSummary();
        assertEquals(30, summary.imagesRead());
        assertEquals(24, summary.detected());
        assertEquals(2, summary.tasks());
        assertEquals(0, summary.modelLoads(), "in local mode both tasks reuse the model the driver loaded to check it");
        assertTrue(summary.accountsForEveryImage());
        assertFalse(layout.fileSystem().exists(new org.apache.hadoop.fs.Path(layout.root(), "_staging"))
                && layout.fileSystem().listStatus(new org.apache.hadoop.fs.Path(layout.root(), "_staging")).length > 0,
                "staging is cleaned up");
    }

    @Test
    void tasksLoadTheShippedBundleOncePerJvm() throws Exception {
        conf.setBoolean(DetectConfig.CHECK_MODEL.key(), false); // no load in the driver: the tasks must find ./model themselves
        BrightBoxDetector.writeBundle(Path.of(layout.model("brightbox", "3").toUri()), "3", "shipped-" + System.nanoTime());
        DetectTool tool = new DetectTool();

        int rc = ToolRunner.run(new Configuration(conf), tool,
                new String[]{"--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox:3"});

        assertEquals(0, rc);
        assertEquals(2, tool.lastSummary().tasks());
        assertEquals(1, tool.lastSummary().modelLoads(), "two map tasks in one JVM, one load");
        assertEquals(24, tool.lastSummary().detected());
    }

    @Test
    void rerunReplacesThePartitionsWholesale() throws Exception {
        String[] args = {"--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox:1"};
        assertEquals(0, detect(args));
        org.apache.hadoop.fs.Path detectionsDir = layout.detections("brightbox", "1", DAY);
        Path stray = Path.of(detectionsDir.toUri()).resolve("left-by-an-old-run.avro");
        Files.writeString(stray, "not avro");

        assertEquals(0, detect(args));

        assertFalse(Files.exists(stray), "the old partition is replaced, not merged into");
        assertTrue(layout.isComplete(detectionsDir));
        assertEquals(24, ShardReader.readPartition(layout, detectionsDir, ImageDetections.class, conf).size());
    }

    @Test
    void unloadableModelFailsFastWithAClearMessageAndPublishesNothing() throws Exception {
        conf.setClass(FaultInjectingLoader.INNER_LOADER, ZooDetectorLoader.class, DetectorLoader.class);
        BrightBoxDetector.writeBundle(Path.of(layout.model("brightbox", "2").toUri()), "2", "unloadable");
        int rc = detect("--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox:2");

        assertEquals(1, rc);
        String message = console.err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("cannot load model brightbox/2"), message);
        assertFalse(layout.fileSystem().exists(layout.detections("brightbox", "2", DAY)));
    }

    @Test
    void missingModelAndMissingShardsAreReportedByName() throws Exception {
        assertEquals(1, detect("--root", layout.root().toString(), "--date", DAY.toString(), "--model", "yolo"));
        assertEquals(1, detect("--root", layout.root().toString(), "--date", "2026-01-01", "--model", "brightbox"));
        assertEquals(2, detect("--root", layout.root().toString(), "--date", "yesterday", "--model", "brightbox"));
        String message = console.err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("no model named 'yolo'"), message);
        assertTrue(message.contains("no complete shard partition"), message);
        assertTrue(message.contains("date 'yesterday'"), message);
    }

    @Test
    void fp16IsRefusedOnTheCpuBackendWithTheReasonAndNothingIsPublished() throws Exception {
        assertEquals(2, detect("--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox",
                "--precision", "fp16"));
        assertEquals(2, detect("--root", layout.root().toString(), "--date", DAY.toString(), "--model", "brightbox",
                "--precision", "int8"));
        String message = console.err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("argus detect: --precision fp16: fp16 inference needs the CUDA backend"), message);
        assertTrue(message.contains("Use fp32 on CPU"), message);
        assertTrue(message.contains("precision must be fp32 or fp16, got 'int8'"), message);
        assertFalse(layout.fileSystem().exists(layout.detections("brightbox", "1", DAY)));
    }
}
