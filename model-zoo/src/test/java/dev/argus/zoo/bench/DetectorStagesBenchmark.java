package dev.argus.zoo.bench;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.preprocess.ImageDecoder;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.tfjs.TfjsGraphModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a detector's time goes, stage by stage, on the sample photos: JPEG decode, encode (resize +
 * normalise + layout), the network, and decode (+ NMS). The network is timed here only to put the other
 * stages in proportion; {@code ModelBenchmark} is the network benchmark. Needs scripts/fetch-models.sh
 * first. Run:
 * {@code mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.DetectorStagesBenchmark [-Dexec.args=<modelsDir>]}
 */
public final class DetectorStagesBenchmark {

    private DetectorStagesBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : System.getenv().getOrDefault("ARGUS_MODELS_DIR", "models"));
        if (!Files.isDirectory(models.resolve("bundles"))) {
            models = Path.of("..").resolve(models); // run from the module directory by exec:java
        }
        List<byte[]> jpegs = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            jpegs.add(Files.readAllBytes(models.resolve("samples/sample" + i + ".jpg")));
        }
        List<BufferedImage> photos = new ArrayList<>();
        double decodeMs = median(5, () -> {
            photos.clear();
            for (byte[] j : jpegs) {
                photos.add(ImageDecoder.decode(j));
            }
        }) / jpegs.size();

        System.out.printf("six sample photos, about 1920x1400; medians, ms per image%n");
        System.out.printf("%-10s %12s %12s %12s %14s%n", "model", "jpeg decode", "encode", "network", "decode + NMS");
        for (String name : List.of("centernet", "nanodet")) {
            try (ModelBundle bundle = ModelBundle.open(models.resolve("bundles/" + name + "/1"));
                 TfjsGraphModel model = TfjsGraphModel.load(bundle.file(bundle.manifest().graph()))) {
                InputEncoder encoder = new InputEncoder(bundle.manifest().input(), bundle.manifest().normalization());
                OutputDecoder decoder = OutputDecoders.forManifest(bundle.manifest());
                List<String> wanted = decoder.requiredOutputs().isEmpty() ? model.outputNames() : decoder.requiredOutputs();
                List<INDArray> inputs = new ArrayList<>();
                double encodeMs = median(7, () -> { // the first runs are the JIT's warm-up
                    inputs.clear();
                    for (BufferedImage p : photos) {
                        inputs.add(encoder.encode(List.of(p)).input());
                    }
                }) / photos.size();
                List<Map<String, INDArray>> outputs = new ArrayList<>();
                for (INDArray x : inputs) {
                    outputs.add(model.run(x, wanted)); // warm-up, and the outputs the decoder times below
                }
                double networkMs = median(1, () -> model.run(inputs.get(0), wanted));
                double decodeOutMs = median(9, () -> {
                    for (Map<String, INDArray> o : outputs) {
                        List<CandidateBoxes> boxes = decoder.decode(o);
                        if (boxes.isEmpty()) {
                            throw new IllegalStateException("no result");
                        }
                    }
                }) / outputs.size();
                System.out.printf("%-10s %12.1f %12.1f %12.0f %14.2f%n", name, decodeMs, encodeMs, networkMs, decodeOutMs);
            }
        }
    }

    private static double median(int runs, Runnable work) {
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            work.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
