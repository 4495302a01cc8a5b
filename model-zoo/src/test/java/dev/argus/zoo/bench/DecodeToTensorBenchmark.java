package dev.argus.zoo.bench;

import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.preprocess.NativeInputEncoder;
import dev.argus.zoo.preprocess.ReducedDecode;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * JPEG bytes to the network's input tensor, CPU-ms per image on one thread: today's path (ImageIO
 * subsampled decode, {@code Letterbox}, {@code InputEncoder}) against {@link NativeInputEncoder}, in the
 * same run, interleaved round by round (strict, and for bytes marked as checked at ingest), on the sample photos and on generated 640x480 and 4000x3000
 * JPEGs, for CenterNet's input (512x512 NHWC, stretched) and NanoDet's (416x416 NCHW, letterboxed).
 * Needs scripts/fetch-models.sh first. Run:
 * {@code mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.DecodeToTensorBenchmark [-Dexec.args=<modelsDir>]}
 */
public final class DecodeToTensorBenchmark {

    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 7;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecodeToTensorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path models = Path.of(args.length > 0 ? args[0] : System.getenv().getOrDefault("ARGUS_MODELS_DIR", "models"));
        if (!Files.isDirectory(models.resolve("bundles"))) {
            models = Path.of("..").resolve(models); // run from the module directory by exec:java
        }
        Map<String, List<EncodedImage>> sets = new LinkedHashMap<>();
        List<EncodedImage> samples = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            samples.add(withSize(Files.readAllBytes(models.resolve("samples/sample" + i + ".jpg")), "sample" + i));
        }
        sets.put("samples ~1920x1400", samples);
        sets.put("generated 640x480", generated(640, 480, 6));
        sets.put("generated 4000x3000", generated(4000, 3000, 2));

        Map<String, InputSpec> specs = new LinkedHashMap<>();
        Map<String, Normalization> norms = new LinkedHashMap<>();
        for (String name : List.of("centernet", "nanodet")) {
            try (ModelBundle bundle = ModelBundle.open(models.resolve("bundles/" + name + "/1"))) {
                specs.put(name, bundle.manifest().input());
                norms.put(name, bundle.manifest().normalization());
            }
        }

        List<String> rows = new ArrayList<>();
        Map<String, double[]> today = new LinkedHashMap<>();
        Map<String, double[]> fast = new LinkedHashMap<>();
        Map<String, double[]> checked = new LinkedHashMap<>();
        for (var set : sets.entrySet()) {
            for (String model : specs.keySet()) {
                String row = set.getKey() + " | " + model;
                rows.add(row);
                today.put(row, new double[ROUNDS]);
                fast.put(row, new double[ROUNDS]);
                checked.put(row, new double[ROUNDS]);
            }
        }
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            for (var set : sets.entrySet()) {
                for (String model : specs.keySet()) {
                    String row = set.getKey() + " | " + model;
                    InputSpec spec = specs.get(model);
                    InputEncoder encoder = new InputEncoder(spec, norms.get(model));
                    NativeInputEncoder nativeEncoder = new NativeInputEncoder(spec, norms.get(model));
                    INDArray batch = nativeEncoder.allocate(1);
                    List<EncodedImage> images = set.getValue();
                    double todayMs = cpuMs(() -> {
                        for (EncodedImage image : images) {
                            ReducedDecode decoded = ReducedDecode.decode(image.bytes(), image.name(), image.width(),
                                    image.height(), spec.width(), spec.height());
                            encoder.encode(List.of(decoded.image()));
                        }
                    }) / images.size();
                    double nativeMs = cpuMs(() -> {
                        for (EncodedImage image : images) {
                            nativeEncoder.encodeInto(image, batch, 0);
                        }
                    }) / images.size();
                    double checkedMs = cpuMs(() -> {
                        for (EncodedImage image : images) {
                            nativeEncoder.encodeInto(image.asChecked(), batch, 0);
                        }
                    }) / images.size();
                    batch.close();
                    if (round >= 0) {
                        today.get(row)[round] = todayMs;
                        fast.get(row)[round] = nativeMs;
                        checked.get(row)[round] = checkedMs;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "bytes -> input tensor, CPU-ms per image, one thread, median of %d interleaved rounds%n", ROUNDS);
        System.out.printf(Locale.ROOT, "| %-20s | %-9s | %8s | %8s | %13s | %15s | %14s |%n", "images", "input", "today",
                "native", "native/today", "native, checked", "checked/today");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(22), "-".repeat(11), "-".repeat(10),
                "-".repeat(10), "-".repeat(15), "-".repeat(17), "-".repeat(16));
        for (String row : rows) {
            String[] parts = row.split(" \\| ");
            double t = median(today.get(row));
            double n = median(fast.get(row));
            double c = median(checked.get(row));
            System.out.printf(Locale.ROOT, "| %-20s | %-9s | %8.1f | %8.1f | %13.2f | %15.1f | %14.2f |%n", parts[0], parts[1],
                    t, n, n / t, c, c / t);
        }
        System.exit(0); // ND4J's non-daemon threads
    }

    private static double cpuMs(Runnable work) {
        long start = THREADS.getCurrentThreadCpuTime();
        work.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static EncodedImage withSize(byte[] jpeg, String name) throws IOException {
        BufferedImage probe = ImageIO.read(new ByteArrayInputStream(jpeg));
        return new EncodedImage(jpeg, name, probe.getWidth(), probe.getHeight());
    }

    /** Photo-like JPEGs (gradients, shapes, grain) at quality 0.9, as cameras write them. */
    private static List<EncodedImage> generated(int width, int height, int count) throws IOException {
        List<EncodedImage> out = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt()), width, height, new Color(random.nextInt())));
            g.fillRect(0, 0, width, height);
            for (int s = 0; s < 40; s++) {
                g.setColor(new Color(random.nextInt()));
                g.fillOval(random.nextInt(width), random.nextInt(height), width / 8, height / 8);
            }
            g.dispose();
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int grain = random.nextInt(17) - 8;
                    int r = clamp(((row[x] >> 16) & 0xFF) + grain);
                    int gr = clamp(((row[x] >> 8) & 0xFF) + grain);
                    int b = clamp((row[x] & 0xFF) + grain);
                    row[x] = (r << 16) | (gr << 8) | b;
                }
                image.setRGB(0, y, width, 1, row, 0, width);
            }
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            try (var stream = ImageIO.createImageOutputStream(jpeg)) {
                writer.setOutput(stream);
                writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            out.add(new EncodedImage(jpeg.toByteArray(), width + "x" + height + "-" + i, width, height));
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
