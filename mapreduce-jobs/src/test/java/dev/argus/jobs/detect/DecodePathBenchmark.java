package dev.argus.jobs.detect;

import com.sun.management.OperatingSystemMXBean;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.bundle.InputSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The detect job's pipeline (decode threads + batched inference, {@link DetectionPipeline}) over the
 * sample photos with the real CenterNet, JPEGs decoded natively into the input tensor against ImageIO
 * pictures: process CPU-ms per image (decode threads and network together) and images/s, same run,
 * interleaved round by round.
 *
 * <pre>
 * mvn -B -q -pl mapreduce-jobs test-compile
 * mvn -B -q -pl mapreduce-jobs exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.argus.jobs.detect.DecodePathBenchmark -Dexec.args="[images] [batch] [decodeThreads]"
 * </pre>
 *
 * Defaults: 24 images (the six samples, four times), batch 4, 2 decode threads. Needs
 * {@code bash scripts/fetch-models.sh}.
 */
public final class DecodePathBenchmark {

    private static final int ROUNDS = 3;
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private DecodePathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path models = RealModels.dir();
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path photo = models.resolve("samples/sample" + (i % 6 + 1) + ".jpg");
            byte[] jpeg = Files.readAllBytes(photo);
            BufferedImage probe = ImageIO.read(new ByteArrayInputStream(jpeg));
            records.add(TestImages.record("copy" + i + "-" + photo.getFileName(), jpeg, probe.getWidth(), probe.getHeight()));
        }
        try (GraphDetector detector = Detectors.open(models.resolve("bundles/centernet/1"))) {
            InputSpec input = new InputSpec(512, 512, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.STRETCH, 0f);
            run(detector, records, batch, threads, input, true); // warm-up, both ways
            run(detector, records, batch, threads, input, false);
            double[][] cpu = new double[2][ROUNDS];
            double[][] rate = new double[2][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                for (int way = 0; way < 2; way++) {
                    double[] r = run(detector, records, batch, threads, input, way == 0);
                    cpu[way][round] = r[0];
                    rate[way][round] = r[1];
                }
            }
            System.out.printf(Locale.ROOT, "%ncenternet, %d sample photos (~1920x1400), batch %d, %d decode threads, %d cores; median of %d interleaved rounds%n",
                    count, batch, threads, Runtime.getRuntime().availableProcessors(), ROUNDS);
            System.out.printf(Locale.ROOT, "| %-22s | %14s | %9s |%n", "decode path", "CPU-ms/image", "images/s");
            System.out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(24), "-".repeat(16), "-".repeat(11));
            System.out.printf(Locale.ROOT, "| %-22s | %14.1f | %9.2f |%n", "ImageIO (today)", median(cpu[1]), median(rate[1]));
            System.out.printf(Locale.ROOT, "| %-22s | %14.1f | %9.2f |%n", "native (strict libjpeg)", median(cpu[0]), median(rate[0]));
        }
        System.exit(0); // ND4J's non-daemon threads
    }

    /** {process CPU-ms per image, images per second} for one pass over {@code records}. */
    private static double[] run(GraphDetector detector, List<ImageRecord> records, int batch, int threads, InputSpec input,
            boolean nativeDecode) throws Exception {
        BoxCountingSink sink = new BoxCountingSink();
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        try (DetectionPipeline pipeline = new DetectionPipeline(detector, batch, threads, input.width(), input.height(),
                nativeDecode, sink)) {
            for (ImageRecord r : records) {
                pipeline.submit(ImageRecord.newBuilder(r).setBytes(ByteBuffer.wrap(r.getBytes().array())).build());
            }
            pipeline.flush();
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        return new double[]{(OS.getProcessCpuTime() - cpu) / 1e6 / records.size(), records.size() / seconds};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
