package dev.argus.zoo.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.network.LayerHelpers;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For each trained bundle: training throughput (images/s through {@code fit}, the bundle's own recipe
 * and batch size, augmentation and label encoding included) and inference throughput at batch 1 and 16
 * (the whole detector: letterbox, network, decoder, NMS). Each figure is a time-bounded loop after
 * warm-up, with the process CPU time beside it, since on a shared machine wall time moves with the load.
 * Run:
 * <pre>
 * mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.train.TrainedBundleBenchmark \
 *     -Dexec.args="model-zoo/bundles/shapes-yolo-spp-fpn model-zoo/bundles/shapes-centernet-spp-fpn"
 * </pre>
 */
public final class TrainedBundleBenchmark {

    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private TrainedBundleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: TrainedBundleBenchmark <bundle dir or zip>...");
            System.exit(2);
        }
        LayerHelpers.enableUnlessConfigured();
        System.out.printf(Locale.ROOT, "ND4J %s, %d threads, layer helpers %s, %.0f s per figure, load average %.1f%n",
                Nd4j.getBackend().getClass().getSimpleName(), Nd4j.getEnvironment().maxMasterThreads(),
                LayerHelpers.enabled() ? "on" : "off", SECONDS, OS.getSystemLoadAverage());
        List<String> rows = new ArrayList<>();
        for (String arg : args) {
            rows.add(measure(Path.of(arg)));
        }
        System.out.println();
        System.out.println("| bundle | parameters | train img/s (cpu-ms/img) | infer b1 img/s (cpu-ms/img) | infer b16 img/s (cpu-ms/img) |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String measure(Path bundlePath) throws Exception {
        TrainingConfig config;
        List<String> labels;
        try (ModelBundle bundle = ModelBundle.open(bundlePath)) {
            JsonNode training = new ObjectMapper().readTree(bundle.file(TrainedBundle.TRAINING).toFile());
            config = new ObjectMapper().treeToValue(training.get("config"), TrainingConfig.class);
            labels = bundle.manifest().labels();
        }
        DetectorArchitecture arch = config.architecture(labels.size());
        ComputationGraph net = arch.newNetwork(config.seed(), config.learningRate());
        Figure train;
        try (TrainingBatches batches = new TrainingBatches(config.openData(), config.augmentation(),
                TrainedBundle.inputSpec(config.inputSize()), arch.labelEncoder(), config.batchSize(), config.seed())) {
            long[] it = {0};
            train = timed(config.batchSize(), () -> net.fit(batches.batch(it[0]++)));
        }
        ShapesGenerator gen = new ShapesGenerator(ShapesSpec.shapes().withSize(config.inputSize(), config.inputSize()));
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            images.add(gen.generate(424242, i).image());
        }
        Figure one;
        Figure sixteen;
        try (GraphDetector detector = Detectors.open(bundlePath)) {
            one = timed(1, () -> detector.detect(images.subList(0, 1)));
            sixteen = timed(16, () -> detector.detect(images));
        }
        String row = String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s |", config.name(), net.numParams(), train,
                one, sixteen);
        System.out.println(row);
        return row;
    }

    /** Images/s over a time-bounded loop after three warm-up calls, and CPU ms per image. */
    private static Figure timed(int imagesPerCall, Runnable call) {
        for (int i = 0; i < 3; i++) {
            call.run();
        }
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        long images = 0;
        do {
            call.run();
            images += imagesPerCall;
        } while ((System.nanoTime() - t0) / 1e9 < SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6;
        return new Figure(images / secs, cpuMs / images);
    }

    private record Figure(double imagesPerSecond, double cpuMsPerImage) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f (%.1f)", imagesPerSecond, cpuMsPerImage);
        }
    }
}
