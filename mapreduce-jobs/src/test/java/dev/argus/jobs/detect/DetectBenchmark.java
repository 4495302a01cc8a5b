package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.LoadedDetectors;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.ShardWriter;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.preprocess.ImageDecoder;
import dev.argus.zoo.preprocess.InputEncoder;
import dev.argus.zoo.preprocess.ReducedDecode;
import dev.argus.zoo.tfjs.TfjsGraphModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code argus detect} in local mode against a bare loop of the same detector over the same decoded
 * images, plus where the time goes stage by stage. Prints one table.
 *
 * <pre>
 * mvn -B -q -pl mapreduce-jobs test-compile
 * mvn -B -q -pl mapreduce-jobs exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.argus.jobs.detect.DetectBenchmark -Dexec.args="[images] [batch] [model]"
 * </pre>
 *
 * Defaults: 96 images (the six sample photos, each repeated with different trailing bytes so every
 * copy has its own image id), batch 4, centernet. Needs {@code bash scripts/fetch-models.sh}. The last
 * table runs the whole job with {@code --engine dl4j} and {@code --engine onnxruntime}, alternating.
 */
public final class DetectBenchmark {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    private DetectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String modelName = args.length > 2 ? args[2] : "centernet";
        Path models = RealModels.dir();
        Path work = Files.createTempDirectory("argus-detect-bench-");

        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        ArgusLayout layout = ArgusLayout.at(work.resolve("root").toUri().toString(), conf);
        List<ImageRecord> records = sampleRecords(models.resolve("samples"), count);
        writeShards(layout, records);
        DetectEndToEndTest.publishModel(models.resolve("bundles/" + modelName + "/1"), Path.of(layout.model(modelName, "1").toUri()));

        // 1. read and decode, once, outside any timing of the model
        long t0 = System.nanoTime();
        List<ImageRecord> read = ShardReader.readPartition(layout, layout.shards(DAY), ImageRecord.class, conf);
        double readMs = ms(t0) / read.size();
        t0 = System.nanoTime();
        for (ImageRecord r : read) {
            ImageDecoder.decode(r.getBytes().array(), r.getSourceUri());
        }
        double fullDecodeMs = ms(t0) / read.size();
        // the job decodes at a reduced scale no smaller than the network input; the bare loop gets the same images
        InputSpec input;
        try (ModelBundle bundle = ModelBundle.open(models.resolve("bundles/" + modelName + "/1"))) {
            input = bundle.manifest().input();
        }
        t0 = System.nanoTime();
        List<BufferedImage> decoded = new ArrayList<>();
        for (ImageRecord r : read) {
            decoded.add(ReducedDecode.decode(r.getBytes().array(), r.getSourceUri(), r.getWidth(), r.getHeight(),
                    input.width(), input.height()).image());
        }
        double decodeMs = ms(t0) / decoded.size();

        // 2. the bare loop: the job's own detector (loaded through the same path), warm, same batches
        Detector detector = LoadedDetectors.obtain(Path.of(layout.model(modelName, "1").toUri()), conf).detector();
        detector.detect(decoded.subList(0, Math.min(batch, decoded.size()))); // warm-up
        long boxes = 0;
        t0 = System.nanoTime();
        boxes += bareLoop(detector, decoded, batch);
        double bareBeforeSeconds = ms(t0) / 1000;

        // 3. the job, on the LocalJobRunner in this JVM (it reuses the detector loaded above, as it would reuse its own)
        DetectTool tool = new DetectTool();
        t0 = System.nanoTime();
        int rc = ToolRunner.run(new Configuration(conf), tool, new String[]{"--root", layout.root().toString(),
                "--date", DAY.toString(), "--model", modelName + ":1", "--batch-size", Integer.toString(batch)});
        double jobSeconds = ms(t0) / 1000;
        if (rc != 0) {
            throw new IllegalStateException("argus detect failed with exit code " + rc);
        }
        DetectSummary job = tool.lastSummary();
        // the bare loop again after the job: on a shared machine the load drifts, so the two bracket the job
        t0 = System.nanoTime();
        bareLoop(detector, decoded, batch);
        double bareAfterSeconds = ms(t0) / 1000;
        double bareSeconds = (bareBeforeSeconds + bareAfterSeconds) / 2;
        long jobBoxes = ShardReader.readPartition(layout, layout.detections(modelName, "1", DAY), ImageDetections.class, conf)
                .stream().mapToLong(d -> d.getDetections().size()).sum();

        // 4. the model's own stages, on the same decoded images and batches
        double[] stages = modelStages(models.resolve("bundles/" + modelName + "/1"), decoded, batch);

        int n = decoded.size();
        System.out.printf(Locale.ROOT, "%n%s, %d images (%s as decoded for a %dx%d input), batch %d, %d cores, local mode%n",
                modelName, n, sizes(decoded), input.width(), input.height(), batch, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-34s %10s %10s%n", "", "images/s", "boxes");
        System.out.printf(Locale.ROOT, "%-34s %10.2f %10d%n", "bare loop, before the job", n / bareBeforeSeconds, boxes);
        System.out.printf(Locale.ROOT, "%-34s %10.2f%n", "bare loop, after the job", n / bareAfterSeconds);
        System.out.printf(Locale.ROOT, "%-34s %10.2f%n", "bare loop (detector.detect), mean", n / bareSeconds);
        System.out.printf(Locale.ROOT, "%-34s %10.2f %10d%n", "argus detect (whole command)", n / jobSeconds, jobBoxes);
        System.out.printf(Locale.ROOT, "%-34s %9.0f%%%n", "job / bare loop", 100 * bareSeconds / jobSeconds);
        System.out.printf(Locale.ROOT, "%n%-34s %10s %s%n", "stage", "ms/image", "measured");
        row("read (Avro shard)", readMs, "job counter: " + fmt(job.readMillis() / (double) n));
        row("decode, full size", fullDecodeMs, "loop (what a plain ImageIO.read costs)");
        row("decode, reduced to >= input", decodeMs, "loop; job counter: " + fmt(job.decodeMillis() / (double) n)
                + " on decode threads, map thread waited " + fmt(job.decodeWaitMillis() / (double) n));
        row("preprocess (resize, normalise)", stages[0], "stage loop");
        row("inference (network)", stages[1], "stage loop");
        row("decode-head (boxes + NMS)", stages[2], "stage loop");
        row("detector.detect, all three", 1000 * bareSeconds / n, "job counter: " + fmt(job.inferenceMillis() / (double) n));
        row("write (Avro detections)", job.writeMillis() / (double) n, "job counter");
        System.out.printf(Locale.ROOT, "%-34s %10.1f %s%n", "job wall, per image", 1000 * jobSeconds / n,
                "incl. job setup and publish");

        // 5. the whole job on each engine, alternating twice over the same shards: what --engine changes
        String[] engines = {"dl4j", "onnxruntime"};
        double[] engineSeconds = new double[engines.length];
        long[] engineBoxes = new long[engines.length];
        for (int round = 0; round < 2; round++) {
            for (int e = 0; e < engines.length; e++) {
                t0 = System.nanoTime();
                int erc = ToolRunner.run(new Configuration(conf), new DetectTool(), new String[]{"--root",
                        layout.root().toString(), "--date", DAY.toString(), "--model", modelName + ":1",
                        "--batch-size", Integer.toString(batch), "--engine", engines[e]});
                engineSeconds[e] += ms(t0) / 1000;
                if (erc != 0) {
                    throw new IllegalStateException("argus detect --engine " + engines[e] + " failed with exit code " + erc);
                }
                engineBoxes[e] = ShardReader.readPartition(layout, layout.detections(modelName, "1", DAY),
                        ImageDetections.class, conf).stream().mapToLong(d -> d.getDetections().size()).sum();
            }
        }
        System.out.printf(Locale.ROOT, "%n%-34s %10s %10s %10s%n", "whole job, 2 runs each, alternating", "images/s",
                "boxes", "vs dl4j");
        for (int e = 0; e < engines.length; e++) {
            System.out.printf(Locale.ROOT, "%-34s %10.2f %10d %9.2fx%n", "argus detect --engine " + engines[e],
                    2 * n / engineSeconds[e], engineBoxes[e], engineSeconds[0] / engineSeconds[e]);
        }
        deleteTree(work);
        System.exit(0); // ND4J's and Hadoop's non-daemon threads
    }

    private static long bareLoop(Detector detector, List<BufferedImage> images, int batch) {
        long boxes = 0;
        for (int from = 0; from < images.size(); from += batch) {
            for (List<Detection> found : detector.detect(images.subList(from, Math.min(images.size(), from + batch)))) {
                boxes += found.size();
            }
        }
        return boxes;
    }

    /** ms per image of preprocess, network and decode-head, run separately over the same batches. */
    private static double[] modelStages(Path bundleDir, List<BufferedImage> images, int batch) throws IOException {
        try (ModelBundle bundle = ModelBundle.open(bundleDir);
             TfjsGraphModel model = TfjsGraphModel.load(bundle.file(bundle.manifest().graph()))) {
            InputEncoder encoder = new InputEncoder(bundle.manifest().input(), bundle.manifest().normalization());
            OutputDecoder decoder = OutputDecoders.forManifest(bundle.manifest());
            List<String> wanted = decoder.requiredOutputs().isEmpty() ? model.outputNames() : decoder.requiredOutputs();
            model.run(encoder.encode(images.subList(0, Math.min(batch, images.size()))).input(), wanted); // warm-up
            double encodeNs = 0, networkNs = 0, headNs = 0;
            for (int from = 0; from < images.size(); from += batch) {
                List<BufferedImage> chunk = images.subList(from, Math.min(images.size(), from + batch));
                long t = System.nanoTime();
                INDArray input = encoder.encode(chunk).input();
                encodeNs += System.nanoTime() - t;
                t = System.nanoTime();
                Map<String, INDArray> out = model.run(input, wanted);
                networkNs += System.nanoTime() - t;
                t = System.nanoTime();
                decoder.decode(out);
                headNs += System.nanoTime() - t;
            }
            int n = images.size();
            return new double[]{encodeNs / 1e6 / n, networkNs / 1e6 / n, headNs / 1e6 / n};
        }
    }

    static List<ImageRecord> sampleRecords(Path samples, int count) throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(samples)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path photo = photos.get(i % photos.size());
            byte[] jpeg = Files.readAllBytes(photo);
            // bytes after the JPEG's end marker are ignored by decoders but give each copy its own SHA-256
            byte[] unique = java.util.Arrays.copyOf(jpeg, jpeg.length + 4);
            java.nio.ByteBuffer.wrap(unique, jpeg.length, 4).putInt(i);
            BufferedImage probe = ImageDecoder.decode(jpeg);
            ImageRecord r = TestImages.record("copy" + i + "-" + photo.getFileName(), unique, probe.getWidth(), probe.getHeight());
            r.setFormat("jpeg");
            r.setDecodeChecked(true); // as ingest, its decode check on by default, writes them
            records.add(r);
        }
        return records;
    }

    static void writeShards(ArgusLayout layout, List<ImageRecord> records) throws IOException {
        org.apache.hadoop.fs.Path staged = layout.newStagingDir("bench-shards");
        try (ShardWriter<ImageRecord> w = ShardWriter.create(layout.fileSystem(),
                new org.apache.hadoop.fs.Path(staged, "part-r-00000.avro"), ImageRecord.class, CodecFactory.nullCodec())) {
            for (ImageRecord r : records) {
                w.append(r);
            }
        }
        layout.publish(staged, layout.shards(DAY));
    }

    private static String sizes(List<BufferedImage> images) {
        long pixels = images.stream().mapToLong(i -> (long) i.getWidth() * i.getHeight()).sum();
        return String.format(Locale.ROOT, "%.1f Mpx on average", pixels / 1e6 / images.size());
    }

    private static void row(String stage, double msPerImage, String note) {
        System.out.printf(Locale.ROOT, "%-34s %10.1f %s%n", stage, msPerImage, note);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
