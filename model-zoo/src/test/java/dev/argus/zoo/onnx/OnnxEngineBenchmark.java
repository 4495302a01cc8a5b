package dev.argus.zoo.onnx;

import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.LayerHelpers;
import dev.argus.zoo.network.ModelTranslator;
import dev.argus.zoo.network.ModelTranslators;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import dev.argus.zoo.postprocess.OutputDecoders;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J against ONNX Runtime on the same networks, network only (no decode, no post-processing): img/s
 * and process CPU-ms per image at each batch size, the two engines interleaved round by round in one
 * JVM, medians over the rounds. Subjects: a conv net built in both engines with the same weights
 * ({@link ConvNetPair}), then every bundle given (default: the shipped ones under {@code bundles/}),
 * whose ONNX form comes from {@link ModelTranslators}; a bundle without one gets a DL4J row only.
 * <pre>
 * mvn -B -o -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.argus.zoo.onnx.OnnxEngineBenchmark -Dexec.args="--seconds 3 --rounds 3"
 * </pre>
 * Options: {@code --seconds S} per measurement (3), {@code --rounds N} (3), {@code --batches 1,8},
 * {@code --threads N} (1: ONNX Runtime's intra-op threads and ND4J's; set {@code OMP_NUM_THREADS} to the
 * same), then bundle directories. CPU-ms per image is the figure to compare on a shared machine.
 */
public final class OnnxEngineBenchmark {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private OnnxEngineBenchmark() {
    }

    /** A network to measure on both engines; {@code onnx} empty when there is no ONNX form. */
    private record Subject(String name, long[] inputShape, List<String> outputs, Network dl4j, Optional<Network> onnx,
                           String note) {
    }

    private record Figure(double imagesPerSecond, double cpuMsPerImage) {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        int rounds = 3;
        int threads = 1;
        int[] batches = {1, 8};
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + " (--seconds S, --rounds N, --batches 1,8, --threads N, bundle dirs)");
                    }
                    bundles.add(Path.of(args[i]).toAbsolutePath().normalize());
                }
            }
        }
        if (bundles.isEmpty()) {
            bundles = shippedBundles();
        }
        LayerHelpers.enableUnlessConfigured();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        OnnxRuntimeOptions ort = OnnxRuntimeOptions.DEFAULT.withThreads(threads);
        System.out.printf(Locale.ROOT, "threads %d (ONNX Runtime intra-op; ND4J max threads; OMP_NUM_THREADS=%s,"
                        + " OMP_WAIT_POLICY=%s), layer helpers %s, %.0f s x %d rounds, %d cores, load average %.1f%n",
                threads, System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
                LayerHelpers.enabled() ? "on" : "off", seconds, rounds, Runtime.getRuntime().availableProcessors(),
                OS.getSystemLoadAverage());

        List<Subject> subjects = new ArrayList<>();
        ConvNetPair pair = new ConvNetPair(8, 7);
        subjects.add(new Subject("convnet-256 (hand-built, both engines)", new long[]{-1, 3, 256, 256}, List.of(),
                pair.dl4jNetwork(), Optional.of(OnnxRuntimeNetwork.load(pair.onnx, ort, Precision.FP32)), ""));
        for (Path dir : bundles) {
            subjects.add(subject(dir, ort));
        }

        System.out.println();
        System.out.println("| network | batch | engine | img/s | CPU-ms/img | vs DL4J |");
        System.out.println("|---|---|---|---|---|---|");
        for (Subject s : subjects) {
            for (int batch : batches) {
                long[] shape = s.inputShape().clone();
                shape[0] = batch;
                INDArray input = Nd4j.rand(DataType.FLOAT, shape);
                List<Figure> dl4j = new ArrayList<>();
                List<Figure> onnx = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    dl4j.add(timed(s.dl4j(), input, s.outputs(), batch, seconds));
                    if (s.onnx().isPresent()) {
                        onnx.add(timed(s.onnx().get(), input, s.outputs(), batch, seconds));
                    }
                }
                Figure d = median(dl4j);
                row(s.name(), batch, "DL4J", d, 1.0);
                if (s.onnx().isPresent()) {
                    Figure o = median(onnx);
                    row(s.name(), batch, "ONNX Runtime", o, o.cpuMsPerImage() / d.cpuMsPerImage());
                } else {
                    System.out.printf(Locale.ROOT, "| %s | %d | ONNX Runtime | – | – | %s |%n", s.name(), batch, s.note());
                }
            }
        }
        for (Subject s : subjects) {
            s.dl4j().close();
            s.onnx().ifPresent(Network::close);
        }
    }

    private static Subject subject(Path dir, OnnxRuntimeOptions ort) throws Exception {
        try (ModelBundle bundle = ModelBundle.open(dir)) {
            BundleManifest m = bundle.manifest();
            long[] shape = m.input().channelsFirst() ? new long[]{-1, 3, m.input().height(), m.input().width()}
                    : new long[]{-1, m.input().height(), m.input().width(), 3};
            List<String> outputs = OutputDecoders.forManifest(m).requiredOutputs();
            String name = m.name() + "/" + m.version();
            if (NetworkEngines.ONNX.equals(m.architecture())) {
                throw new IllegalArgumentException(name + " is an onnx bundle: nothing to compare it with on DL4J");
            }
            Network dl4j = NetworkEngines.forArchitecture(m.architecture()).load(bundle.file(m.graph()));
            Optional<ModelTranslator> translator = ModelTranslators.forArchitecture(m.architecture());
            if (translator.isEmpty()) {
                return new Subject(name, shape, outputs, dl4j, Optional.empty(),
                        "no ONNX form: no translator for " + m.architecture() + " yet");
            }
            return new Subject(name, shape, outputs, dl4j,
                    Optional.of(OnnxRuntimeNetwork.load(translator.get().toOnnx(bundle), ort, Precision.FP32)), "");
        }
    }

    /** Network calls for {@code seconds} after three warm-up calls: img/s and process CPU-ms per image. */
    private static Figure timed(Network network, INDArray input, List<String> outputs, int batch, double seconds) {
        for (int i = 0; i < 3; i++) {
            network.run(input, outputs);
        }
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        long images = 0;
        do {
            network.run(input, outputs);
            images += batch;
        } while ((System.nanoTime() - t0) / 1e9 < seconds);
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Figure(images / wall, (OS.getProcessCpuTime() - cpu0) / 1e6 / images);
    }

    private static Figure median(List<Figure> figures) {
        double[] rate = figures.stream().mapToDouble(Figure::imagesPerSecond).sorted().toArray();
        double[] cpu = figures.stream().mapToDouble(Figure::cpuMsPerImage).sorted().toArray();
        return new Figure(rate[rate.length / 2], cpu[cpu.length / 2]);
    }

    private static void row(String name, int batch, String engine, Figure f, double ratio) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.2f | %.2f |%n", name, batch, engine,
                f.imagesPerSecond(), f.cpuMsPerImage(), ratio);
    }

    private static List<Path> shippedBundles() throws Exception {
        Path root = Path.of("bundles");
        if (!Files.isDirectory(root)) {
            root = Path.of("model-zoo/bundles");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.resolve("1")).filter(d -> Files.isRegularFile(d.resolve("bundle.json"))).sorted().toList();
        }
    }
}
