package dev.argus.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.Precision;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.DetectorEvaluation;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.synth.ShapesDatasetWriter;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real (tiny) training runs: the loss falls, and what is written is what was trained. */
class TrainerTest {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    /** 64 px input, width 4: a few thousand parameters, seconds per run. */
    private static TrainingConfig tiny(DetectorArchitecture.Head head, int iterations) {
        return new TrainingConfig("tiny-" + head.name().toLowerCase(), head, true, true, 64, 4,
                TrainingConfig.SYNTHETIC_PREFIX + "5", 4, iterations, 5e-3, 2, 0.5, Augmentation.DEFAULT, 7, 6, 4, 0.01, null, null);
    }

    @ParameterizedTest
    @EnumSource(DetectorArchitecture.Head.class)
    void lossFallsAndTheBundleRoundTripsToIdenticalDetections(DetectorArchitecture.Head head, @TempDir Path run) throws Exception {
        // the multi-scale YOLO starts at its priors (objectness 0.01, YOLOv5's initialisation), from which its
        // first dozen steps on fresh images moved its loss 3% (6.51 -> 6.31); 30 steps pass
        Trainer.TrainingResult result = new Trainer(run, log).train(tiny(head, head == DetectorArchitecture.Head.YOLO ? 30 : 12));
        assertTrue(result.lastLoss() < 0.9 * result.firstLoss(),
                "loss should fall: first " + result.firstLoss() + ", last " + result.lastLoss() + "\n" + logBytes);
        assertTrue(logBytes.toString().contains("ETA"), logBytes.toString());

        List<BufferedImage> images = new ArrayList<>();
        ShapesGenerator gen = new ShapesGenerator(ShapesSpec.shapes().withSize(64, 64));
        for (int i = 0; i < 6; i++) {
            images.add(gen.generate(99, i).image());
        }
        images.add(new ShapesGenerator(ShapesSpec.shapes()).generate(99, 0).image()); // another size: letterboxed
        List<List<Detection>> fromMemory;
        try (ModelBundle bundle = ModelBundle.open(result.bundle());
             GraphDetector inMemory = new GraphDetector("in-memory", new ComputationGraphNetwork(result.network()),
                     new InputEncoder(bundle.manifest().input(), bundle.manifest().normalization()),
                     OutputDecoders.forManifest(bundle.manifest()), bundle.manifest().labels())) {
            assertEquals(NetworkEngines.DL4J_GRAPH, bundle.manifest().architecture());
            fromMemory = inMemory.detect(images);
        }
        // on the engine that trained it: the saved graph must give the very same floats (auto would run its
        // ONNX translation, equal only within float error; OnnxParityTest checks that)
        try (ModelBundle saved = ModelBundle.open(result.bundle());
             GraphDetector reopened = Detectors.open(saved, Precision.FP32, EngineOptions.of(Engine.DL4J))) {
            assertEquals(List.of("circle", "square", "triangle", "cross"), reopened.labels());
            List<List<Detection>> fromBundle = reopened.detect(images);
            assertEquals(fromMemory, fromBundle);
            assertFalse(fromBundle.stream().allMatch(List::isEmpty), "a 0.01 threshold should leave some boxes");
            CocoMetrics m = DetectorEvaluation.onSynthetic(reopened, ShapesSpec.shapes().withSize(64, 64), 99, 8, 4);
            assertEquals(8, m.images());
            assertTrue(m.ap50() >= 0 && m.ap50() <= 1, m.table());
        }
    }

    /**
     * What a working trainer must at least do: learn eight fixed images by heart. Measured: loss 1.89 to
     * 0.02 and AP50 1.000 (AP 0.75) on them after 60 iterations; labels put in the wrong cells, a loss
     * with a wrong gradient or an optimiser that does not step leave AP50 near 0.
     */
    @Test
    void aTinyCenterNetLearnsEightImagesByHeart(@TempDir Path dir) throws IOException {
        learnsEightImagesByHeart(dir, DetectorArchitecture.Head.CENTERNET, 60);
    }

    /**
     * The multi-scale YOLO head ({@code YoloLoss}, k-means anchors) learns the same eight images by
     * heart with the project's evaluator. Measured: loss 3.30 to 0.19 and AP50 1.000 (AP 0.77) after 100
     * iterations; after 60 (the CenterNet budget) AP50 was 0.803, too near the bar, hence 100.
     */
    @Test
    void aTinyYoloLearnsEightImagesByHeart(@TempDir Path dir) throws IOException {
        learnsEightImagesByHeart(dir, DetectorArchitecture.Head.YOLO, 100);
    }

    /** Trains {@code head} on eight fixed 64x64 images for {@code iterations} and asks AP50 >= 0.8 on them. */
    private void learnsEightImagesByHeart(Path dir, DetectorArchitecture.Head head, int iterations) throws IOException {
        Path data = dir.resolve("data");
        new ShapesDatasetWriter(new ShapesGenerator(new ShapesSpec("easy", 64, 64, 1, 2, 12, 32, 0.05)), "png").write(data, 3, 8);
        TrainingConfig byHeart = new TrainingConfig("by-heart-" + head, head, false, true, 64, 4,
                data.toString(), 8, iterations, 1e-2, 5, 0.5, Augmentation.NONE, 7, 1000, 20, 0.01, null, null);
        Trainer.TrainingResult result = new Trainer(dir.resolve("run"), log).train(byHeart);
        try (GraphDetector detector = Detectors.open(result.bundle())) {
            CocoMetrics m = DetectorEvaluation.onDataset(detector, data, 8);
            System.out.printf(Locale.ROOT, "%s by heart: loss %.3f -> %.3f, AP50 %.3f AP %.3f on the 8 training images%n",
                    head, result.firstLoss(), result.lastLoss(), m.ap50(), m.ap());
            assertTrue(m.ap50() >= 0.8, head + ": AP50 on the eight images it trained on\n" + m.table() + logBytes);
        }
    }

    @Test
    void aRunResumesFromItsCheckpointWithTheUpdaterState(@TempDir Path run) throws IOException {
        TrainingConfig config = tiny(DetectorArchitecture.Head.YOLO, 6); // checkpoint at 6
        new Trainer(run, log).train(config);
        assertTrue(Checkpoint.exists(run));
        Checkpoint cp = Checkpoint.read(run);
        assertEquals(6, cp.iteration());
        assertEquals(config, cp.config());
        assertTrue(cp.restoreNetwork(run).getUpdater().getStateViewArray() != null, "Adam moments are saved");

        assertThrows(IOException.class, () -> new Trainer(run, log).train(config), "a second fresh run would overwrite it");

        Trainer.TrainingResult resumed = new Trainer(run, log).resume(10);
        assertEquals(10, resumed.iterations());
        assertEquals(4, resumed.iterationsThisSession());
        assertTrue(logBytes.toString().contains("resuming tiny-yolo at iteration 6 of 10"), logBytes.toString());
        assertEquals(10, Checkpoint.read(run).iteration());
        try (ModelBundle bundle = ModelBundle.open(resumed.bundle())) { // the first run's bundle was replaced
            assertTrue(Files.readString(bundle.file(TrainedBundle.TRAINING)).contains("\"iterations\" : 10"));
        }
    }

    @Test
    void aRunPausedAndResumedTrainsAsTheUninterruptedRunDoes(@TempDir Path dir) throws IOException {
        TrainingConfig config = tiny(DetectorArchitecture.Head.CENTERNET, 6);
        Trainer.TrainingResult whole = new Trainer(dir.resolve("whole"), log).train(config);

        Path run = dir.resolve("paused");
        Trainer.TrainingResult paused = new Trainer(run, log).train(config, 3);
        assertEquals(3, paused.iterations());
        assertEquals(null, paused.bundle(), "no bundle at a pause");
        assertFalse(Files.exists(run.resolve(Trainer.BUNDLE_DIR)));
        assertEquals(3, Checkpoint.read(run).iteration());
        assertEquals(6, Checkpoint.read(run).config().iterations(), "the schedule stays the whole run's");
        assertThrows(IllegalArgumentException.class, () -> new Trainer(run, log).resume(0, 3), "already there");

        Trainer.TrainingResult resumed = new Trainer(run, log).resume(0, 100); // past the end: finishes the run
        assertEquals(6, resumed.iterations());
        assertEquals(3, resumed.iterationsThisSession());
        assertTrue(Files.isRegularFile(resumed.bundle().resolve(TrainedBundle.MODEL)));
        // same batches, same learning rates, Adam's moments restored: the same weights (float noise aside)
        double maxDiff = whole.network().params().sub(resumed.network().params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "weights differ by up to " + maxDiff);
    }

    @Test
    void aCheckpointExportsAsABundleThatDetects(@TempDir Path run) throws IOException {
        new Trainer(run, log).train(tiny(DetectorArchitecture.Head.CENTERNET, 6));
        Path exported = new Trainer(run, log).exportCheckpoint(run.resolve("export"));
        try (GraphDetector d = Detectors.open(exported)) {
            List<List<Detection>> found = d.detect(List.of(new ShapesGenerator(ShapesSpec.shapes()).generate(1, 0).image()));
            assertEquals(1, found.size());
            assertFalse(found.get(0).isEmpty(), "the exported bundle (score threshold 0.01) finds at least one box");
        }
        assertTrue(Files.readString(exported.resolve(TrainedBundle.TRAINING)).contains("\"exported_from_checkpoint\" : true"));
        assertThrows(IOException.class, () -> new Trainer(run, log).exportCheckpoint(run.resolve("export")),
                "never into a directory that already holds something");
    }

    @Test
    void resumingWithoutACheckpointSaysSo(@TempDir Path run) {
        IOException e = assertThrows(IOException.class, () -> new Trainer(run, log).resume(0));
        assertTrue(e.getMessage().contains("nothing to resume"), e.getMessage());
    }

    @Test
    void theScheduleWarmsUpThenDecaysToItsFloor() {
        TrainingConfig c = TrainingConfig.defaults();
        assertEquals(0.1 * c.learningRate(), c.learningRateAt(0), 1e-12);
        assertEquals(c.learningRate(), c.learningRateAt(c.warmup()), 1e-12);
        assertTrue(c.learningRateAt(c.iterations() / 2) < c.learningRate());
        assertEquals(c.finalLrFraction() * c.learningRate(), c.learningRateAt(c.iterations()), 1e-12);
    }
}
