package dev.argus.zoo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.bundle.ManifestCodec;
import dev.argus.zoo.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of the real model bundles on this machine: images/s at batch 1 and at the best batch,
 * FLOPs per image, achieved GFLOP/s and its share of the CPU's FP32 peak, next to TensorFlow.js
 * (wasm backend, in Node) running the same graph in the same run.
 *
 * <pre>
 * mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.ModelBenchmark \
 *     -Dexec.args="--seconds 10 --batches 1,2,4"
 * </pre>
 * Options: {@code --models DIR} (default $ARGUS_MODELS_DIR or models/ above the working directory),
 * {@code --seconds S} per measurement, {@code --batches 1,2,4}, {@code --repeat N}, {@code --no-tfjs}.
 * Only the network outputs the decoders read are computed (CenterNet's in-graph top-100 post-processing
 * is left out: its libnd4j top_k alone costs seconds). The box is shared, so each configuration is
 * measured {@code --repeat} times and reports the best wall time and its process CPU time.
 */
public final class ModelBenchmark {

    private static final List<String> MODELS = List.of("centernet", "nanodet");

    public static void main(String[] args) throws Exception {
        Path modelsDir = null;
        double seconds = 8;
        int repeat = 2;
        int[] batches = {1, 2, 4};
        boolean tfjs = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> modelsDir = Path.of(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--no-tfjs" -> tfjs = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--models DIR, --seconds S, --batches 1,2,4, --repeat N, --no-tfjs)");
            }
        }
        modelsDir = modelsDir != null ? modelsDir : defaultModelsDir();
        CpuPeak peak = CpuPeak.detect();
        System.out.println("nd4j: " + Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor")
                + ", build " + org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().replace('\n', ' ')
                + "; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
                + ", OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
        System.out.println("peak FP32: " + peak);
        if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            System.out.println("warning: OMP_WAIT_POLICY is not PASSIVE; on a busy machine ND4J's spinning OpenMP"
                    + " threads make this 20-40x slower (model-zoo/README.md)");
        }
        System.out.printf("%-10s %6s %10s %12s %10s %10s %8s%n",
                "model", "batch", "img/s", "cpu-ms/img", "GFLOP/img", "GFLOP/s", "% peak");
        for (String name : MODELS) {
            Path bundle = modelsDir.resolve("bundles/" + name + "/1");
            List<String> outputs = decodedOutputs(bundle);
            try (TfjsGraphModel model = TfjsGraphModel.load(bundle.resolve("model.json"))) {
                long[] shape = model.inputShape();
                double flops = 0;
                double bestRate = 0;
                int bestBatch = 0;
                for (int batch : batches) {
                    shape[0] = batch;
                    INDArray x = Nd4j.rand(DataType.FLOAT, shape);
                    if (flops == 0) {
                        flops = GraphFlops.perImage(model.sameDiff(), Map.of(model.inputName(), x),
                                outputs.stream().map(model::variableName).toArray(String[]::new), batch);
                    }
                    Measurement m = measure(model, x, outputs, seconds, repeat);
                    double rate = batch / m.wallSecondsPerRun;
                    System.out.printf("%-10s %6d %10.2f %12.1f %10.3f %10.2f %7.2f%%%n", name, batch, rate,
                            m.cpuSecondsPerRun * 1000 / batch, flops / 1e9, rate * flops / 1e9,
                            100 * rate * flops / 1e9 / peak.gflops());
                    if (rate > bestRate) {
                        bestRate = rate;
                        bestBatch = batch;
                    }
                }
                System.out.printf("%-10s best batch %d: %.2f img/s%n", name, bestBatch, bestRate);
                if (tfjs) {
                    System.out.printf("%-10s TF.js wasm batch 1: %s%n", name, tfjsBench(bundle, seconds, outputs));
                }
            }
        }
    }

    private record Measurement(double wallSecondsPerRun, double cpuSecondsPerRun) {}

    private static Measurement measure(TfjsGraphModel model, INDArray x, List<String> outputs, double seconds, int repeat) {
        model.run(x, outputs); // warm-up: first-use allocation and native kernel set-up
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Measurement best = null;
        for (int r = 0; r < repeat; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int runs = 0;
            do {
                model.run(x, outputs);
                runs++;
            } while (System.nanoTime() - t0 < seconds * 1e9);
            Measurement m = new Measurement((System.nanoTime() - t0) / 1e9 / runs, (os.getProcessCpuTime() - cpu0) / 1e9 / runs);
            if (best == null || m.wallSecondsPerRun < best.wallSecondsPerRun) {
                best = m;
            }
        }
        return best;
    }

    /** The outputs the bundle's decoder reads: every "*_output" name in its params, bar in-graph detections. */
    private static List<String> decodedOutputs(Path bundle) throws IOException {
        JsonNode params = new ObjectMapper().readTree(bundle.resolve(ManifestCodec.FILE_NAME).toFile()).path("decoder").path("params");
        List<String> names = new ArrayList<>();
        collect(params, names);
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("_output") && !e.getKey().equals("detections_output")) {
                names.add(e.getValue().asText());
            } else {
                collect(e.getValue(), names);
            }
        });
        if (node.isArray()) {
            node.forEach(n -> collect(n, names));
        }
    }

    private static String tfjsBench(Path bundle, double seconds, List<String> outputs) throws IOException, InterruptedException {
        Path script = repoRoot().resolve("scripts/tfjs-reference");
        if (!Files.isDirectory(script.resolve("node_modules"))) {
            return "skipped (run 'npm ci' in scripts/tfjs-reference)";
        }
        Process p = new ProcessBuilder("node", "reference.js", "bench", bundle.toAbsolutePath().toString(),
                String.valueOf(seconds), String.join(",", outputs))
                .directory(script.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10L * (long) seconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return "failed (" + out + ")";
        }
        JsonNode r = new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
        return String.format("%.2f img/s, %.1f cpu-ms/img (tfjs %s, %d wasm thread(s))",
                r.path("imagesPerSecond").asDouble(), r.path("cpuMsPerImage").asDouble(), r.path("tfjs").asText(),
                r.path("threads").asInt());
    }

    private static Path defaultModelsDir() {
        String env = System.getenv("ARGUS_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return repoRoot().resolve("models");
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scripts/tfjs-reference"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (no scripts/tfjs-reference above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
