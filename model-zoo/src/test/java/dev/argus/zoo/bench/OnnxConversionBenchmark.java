package dev.argus.zoo.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.convert.BundleConverter;
import dev.argus.zoo.convert.ConvertedBundle;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Network-only cost of each given bundle on its own engine and, converted, on ONNX Runtime (CPU, one
 * intra-op thread, full graph optimisation): same random input, the two engines interleaved round by
 * round, median of the rounds; wall ms and process CPU ms per image at batch 1 and 8. Prints a table.
 *
 * <pre>
 *   mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test
 *       -Dexec.mainClass=dev.argus.zoo.bench.OnnxConversionBenchmark -Dexec.args="[--seconds 2] [--rounds 3] BUNDLE..."
 * </pre>
 */
public final class OnnxConversionBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private OnnxConversionBenchmark() {
    }

    /** Seconds per image of wall and of process CPU. */
    private record Cost(double wall, double cpu) {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int rounds = 3;
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> bundles.add(Path.of(args[i]));
            }
        }
        if (bundles.isEmpty()) {
            System.err.println("usage: OnnxConversionBenchmark [--seconds s] [--rounds n] BUNDLE...");
            System.exit(2);
        }
        System.out.printf("%d cores; %s s per measurement, %d rounds, median%n%n", Runtime.getRuntime().availableProcessors(),
                seconds, rounds);
        System.out.println("| bundle | batch | source engine ms/img | CPU-ms/img | ONNX Runtime ms/img | CPU-ms/img | ORT/source CPU |");
        System.out.println("|---|---|---|---|---|---|---|");
        OrtEnvironment env = OnnxRuntimeNetwork.environment(); // the engine's start-up (long command lines)
        for (Path bundle : bundles) {
            Path out = Files.createTempDirectory("argus-bench-onnx-").resolve("bundle");
            try (ConvertedBundle converted = BundleConverter.toOnnx(bundle, out); ModelBundle source = ModelBundle.open(bundle)) {
                BundleManifest m = source.manifest();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (Network network = NetworkEngines.forArchitecture(m.architecture()).load(source.file(m.graph()));
                     OrtSession session = env.createSession(converted.file(BundleConverter.ONNX_GRAPH).toString(), options)) {
                    for (int batch : new int[]{1, 8}) {
                        long[] shape = m.input().channelsFirst()
                                ? new long[]{batch, 3, m.input().height(), m.input().width()}
                                : new long[]{batch, m.input().height(), m.input().width(), 3};
                        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(m.normalization().scale() * 255);
                        float[] data = x.data().asFloat();
                        List<Cost> sourceCosts = new ArrayList<>();
                        List<Cost> ortCosts = new ArrayList<>();
                        Runnable runSource = () -> network.run(x);
                        Runnable runOrt = () -> runOrt(env, session, network.inputName(), data, shape);
                        measure(runSource, seconds / 2, batch); // warm-up
                        measure(runOrt, seconds / 2, batch);
                        for (int r = 0; r < rounds; r++) {
                            sourceCosts.add(measure(runSource, seconds, batch));
                            ortCosts.add(measure(runOrt, seconds, batch));
                        }
                        Cost s = median(sourceCosts);
                        Cost o = median(ortCosts);
                        System.out.printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", m.name(), batch, s.wall * 1e3,
                                s.cpu * 1e3, o.wall * 1e3, o.cpu * 1e3, o.cpu / s.cpu);
                    }
                }
            }
        }
    }

    private static void runOrt(OrtEnvironment env, OrtSession session, String input, float[] data, long[] shape) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result ignored = session.run(Map.of(input, t))) {
            // outputs are dropped: the cost of computing them is what is measured
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cost measure(Runnable run, double seconds, int batch) {
        long runs = 0;
        long t0 = System.nanoTime();
        long cpu0 = OS.getProcessCpuTime();
        long end = t0 + (long) (seconds * 1e9);
        do {
            run.run();
            runs++;
        } while (System.nanoTime() < end);
        double images = (double) runs * batch;
        return new Cost((System.nanoTime() - t0) / 1e9 / images, (OS.getProcessCpuTime() - cpu0) / 1e9 / images);
    }

    private static Cost median(List<Cost> costs) {
        List<Cost> byCpu = new ArrayList<>(costs);
        byCpu.sort((a, b) -> Double.compare(a.cpu, b.cpu));
        return byCpu.get(byCpu.size() / 2);
    }
}
