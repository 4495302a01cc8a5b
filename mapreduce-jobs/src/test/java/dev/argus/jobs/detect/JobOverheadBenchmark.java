package dev.argus.jobs.detect;

import com.sun.management.OperatingSystemMXBean;
import dev.argus.jobs.detect.model.LoadedDetectors;
import dev.argus.jobs.detect.model.ThreadBudget;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.InputSpec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * What the job costs on top of the work: {@code argus detect} (whole command on the LocalJobRunner: job
 * setup, Avro read, decode threads, network, Avro write, publish) against a bare loop that also starts
 * from encoded bytes — the job's own detector and {@link DetectionPipeline}, with the decode threads of
 * the same {@link ThreadBudget}, over the same records held in memory — and against the job as it ran
 * before the native decode reached it (ImageIO pictures, {@code argus.detect.decode.native=false}).
 * After one untimed run of each, alternating round by round; wall images/s and process CPU-ms per image.
 *
 * <pre>
 * mvn -B -q -pl mapreduce-jobs test-compile
 * mvn -B -q -pl mapreduce-jobs exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.argus.jobs.detect.JobOverheadBenchmark -Dexec.args="[images] [batch] [rounds] [model]"
 * </pre>
 *
 * Defaults: 48 images (the six sample photos, each copy with its own id), batch 4, 2 rounds, centernet
 * (its bundle's default engine). Needs {@code bash scripts/fetch-models.sh}.
 */
public final class JobOverheadBenchmark {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private JobOverheadBenchmark() {
    }

    private record Run(double seconds, double cpuMs, long boxes) {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String modelName = args.length > 3 ? args[3] : "centernet";
        Path models = RealModels.dir();
        Path work = Files.createTempDirectory("argus-overhead-bench-");

        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        DetectConfig.BATCH_SIZE.set(conf, batch); // the bare loop's detector is the one the job finds loaded
        ArgusLayout layout = ArgusLayout.at(work.resolve("root").toUri().toString(), conf);
        List<ImageRecord> records = DetectBenchmark.sampleRecords(models.resolve("samples"), count);
        DetectBenchmark.writeShards(layout, records);
        DetectEndToEndTest.publishModel(models.resolve("bundles/" + modelName + "/1"), Path.of(layout.model(modelName, "1").toUri()));

        LoadedDetectors.Loaded loaded = LoadedDetectors.obtain(Path.of(layout.model(modelName, "1").toUri()), conf);
        ThreadBudget threads = ThreadBudget.forMapTask(conf);
        String[] ways = {"bare loop from encoded bytes", "argus detect, native decode", "argus detect, ImageIO decode"};
        double[] seconds = new double[ways.length];
        double[] cpuMs = new double[ways.length];
        long[] boxes = new long[ways.length];
        // warm-up: the first job in a JVM also pays for loading and starting Hadoop's job machinery
        bareLoop(loaded.detector(), loaded.input(), records, batch, threads);
        job(conf, layout, modelName, batch, true);
        for (int round = 0; round < rounds; round++) {
            for (int way = 0; way < ways.length; way++) {
                Run run = way == 0 ? bareLoop(loaded.detector(), loaded.input(), records, batch, threads)
                        : job(conf, layout, modelName, batch, way == 1);
                seconds[way] += run.seconds();
                cpuMs[way] += run.cpuMs();
                boxes[way] = run.boxes();
            }
        }
        System.out.printf(Locale.ROOT, "%n%s, %d sample photos (~1920x1400), batch %d, thread budget %s, %d cores,"
                + " load average %.1f at the end; %d alternating rounds%n", modelName, count, batch, threads,
                Runtime.getRuntime().availableProcessors(), OS.getSystemLoadAverage(), rounds);
        System.out.printf(Locale.ROOT, "| %-30s | %8s | %12s | %7s | %13s | %19s |%n", "run", "images/s", "CPU-ms/image",
                "boxes", "vs bare loop", "s beyond bare loop");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%n", "-".repeat(32), "-".repeat(10), "-".repeat(14), "-".repeat(9),
                "-".repeat(15), "-".repeat(21));
        for (int way = 0; way < ways.length; way++) {
            // per run: what the job takes beyond the bare loop's time for the same images (its fixed part
            // when the per-image work matches)
            System.out.printf(Locale.ROOT, "| %-30s | %8.2f | %12.1f | %7d | %12.0f%% | %19.2f |%n", ways[way],
                    rounds * count / seconds[way], cpuMs[way] / rounds / count, boxes[way], 100 * seconds[0] / seconds[way],
                    (seconds[way] - seconds[0]) / rounds);
        }
        DetectBenchmark.deleteTree(work);
        System.exit(0); // ND4J's and Hadoop's non-daemon threads
    }

    /** The job's pipeline over records in memory: no job setup, no Avro, no publish. */
    private static Run bareLoop(Detector detector, InputSpec input, List<ImageRecord> records, int batch,
            ThreadBudget threads) throws Exception {
        BoxCountingSink sink = new BoxCountingSink();
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        try (DetectionPipeline pipeline = new DetectionPipeline(detector, batch, threads.decodeThreads(), input.width(),
                input.height(), true, sink)) {
            for (ImageRecord r : records) {
                pipeline.submit(ImageRecord.newBuilder(r).setBytes(ByteBuffer.wrap(r.getBytes().array())).build());
            }
            pipeline.flush();
        }
        return new Run((System.nanoTime() - wall) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e6, sink.boxes());
    }

    private static Run job(Configuration conf, ArgusLayout layout, String modelName, int batch, boolean nativeDecode)
            throws Exception {
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        int rc = ToolRunner.run(new Configuration(conf), new DetectTool(), new String[]{"-D",
                DetectConfig.NATIVE_DECODE.key() + "=" + nativeDecode, "--root", layout.root().toString(), "--date",
                DAY.toString(), "--model", modelName + ":1", "--batch-size", Integer.toString(batch)});
        Run run = new Run((System.nanoTime() - wall) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e6,
                ShardReader.readPartition(layout, layout.detections(modelName, "1", DAY), ImageDetections.class, conf)
                        .stream().mapToLong(d -> d.getDetections().size()).sum());
        if (rc != 0) {
            throw new IllegalStateException("argus detect failed with exit code " + rc);
        }
        return run;
    }
}
