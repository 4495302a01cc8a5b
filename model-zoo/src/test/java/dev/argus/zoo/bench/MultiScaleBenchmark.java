package dev.argus.zoo.bench;

import dev.argus.zoo.Detector;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import dev.argus.zoo.multiscale.MultiScaleSpec;
import dev.argus.zoo.multiscale.Slice;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images/s and model passes per image of plain, pyramid and sliced inference of one bundle on the
 * small-object set (640x480), each multiscale mode with its tiles batched ({@code --tile-batch}, default 8)
 * and one tile per model call, in the same run. Run:
 * {@code cd model-zoo && OMP_WAIT_POLICY=PASSIVE mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.MultiScaleBenchmark
 * -Dexec.args="--bundle DIR [--images 12] [--repeat 2] [--tile-batch 8]"}
 */
public final class MultiScaleBenchmark {

    private MultiScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("images", "12", "repeat", "2", "tile-batch", "8"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!opts.containsKey("bundle")) {
            System.err.println("usage: MultiScaleBenchmark --bundle DIR [--images N] [--repeat R] [--tile-batch B]");
            System.exit(2);
        }
        int count = Integer.parseInt(opts.get("images"));
        int repeat = Integer.parseInt(opts.get("repeat"));
        int tileBatch = Integer.parseInt(opts.get("tile-batch"));
        ShapesGenerator generator = new ShapesGenerator(ShapesSpec.smallObjects());
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(generator.generate(20240601, i).image());
        }
        Map<String, MultiScaleSpec> modes = new LinkedHashMap<>();
        modes.put("pyramid 1,2", MultiScaleSpec.OFF.withPyramid(List.of(1.0, 2.0)));
        modes.put("pyramid 1,2,4", MultiScaleSpec.OFF.withPyramid(List.of(1.0, 2.0, 4.0)));
        modes.put("slice 128/0.2", MultiScaleSpec.OFF.withSlice(new Slice(128, 0.2, true)));

        System.out.printf("%d small-object images 640x480, %d images per detect() call, best of %d%n", count, 4, repeat);
        System.out.printf("%-16s %10s %12s %12s %8s %10s %12s%n", "mode", "tile batch", "passes/img", "model calls",
                "img/s", "passes/s", "cpu-ms/img");
        try (ModelBundle bundle = ModelBundle.open(Path.of(opts.get("bundle")));
             Detector plain = Detectors.open(bundle)) {
            time("plain", plain, images, repeat, 1, 1);
            for (Map.Entry<String, MultiScaleSpec> mode : modes.entrySet()) {
                for (int batch : new int[] {tileBatch, 1}) {
                    MultiScaleDetector detector = new MultiScaleDetector(plain, mode.getValue(), batch); // not closed: shares plain
                    int passes = detector.planFor(640, 480).passes();
                    time(mode.getKey(), detector, images, repeat, batch, passes);
                }
            }
        }
    }

    private static void time(String mode, Detector detector, List<BufferedImage> images, int repeat, int batch,
            int passesPerImage) {
        detector.detect(images.subList(0, Math.min(4, images.size()))); // warm-up
        double bestSeconds = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        long calls = 0;
        for (int r = 0; r < repeat; r++) {
            long callsBefore = detector instanceof MultiScaleDetector m ? m.modelCalls() : 0;
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int from = 0; from < images.size(); from += 4) {
                detector.detect(images.subList(from, Math.min(images.size(), from + 4)));
            }
            bestSeconds = Math.min(bestSeconds, (System.nanoTime() - t0) / 1e9);
            bestCpu = Math.min(bestCpu, (processCpuNanos() - cpu0) / 1e6);
            calls = detector instanceof MultiScaleDetector m ? m.modelCalls() - callsBefore
                    : (images.size() + 3) / 4;
        }
        int n = images.size();
        System.out.printf("%-16s %10d %12d %12d %8.2f %10.1f %12.0f%n", mode, batch, passesPerImage, calls,
                n / bestSeconds, n * passesPerImage / bestSeconds, bestCpu / n);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
