package dev.argus.jobs.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;

/**
 * Ingest throughput next to a plain copy of the same files, in one run, on the LocalJobRunner: the
 * copy, header-only ingest and ingest with its decode check on either path (ImageIO as before, the
 * native JPEG check) alternating for {@code --rounds} rounds, then the other codecs once each.
 *
 * <pre>
 * mvn -B -q -pl mapreduce-jobs -am install -DskipTests && mvn -B -q -pl mapreduce-jobs test-compile
 * mvn -B -q -pl mapreduce-jobs exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.argus.jobs.ingest.IngestBenchmark \
 *     -Dexec.args="--images 200 --work target/bench"
 * </pre>
 *
 * Options: {@code --input DIR} (use your own images instead of generating JPEGs), {@code --images N}
 * and {@code --size WxH} (the generated set), {@code --work DIR} (deleted first; default under
 * java.io.tmpdir), {@code --shard-size 128m}, {@code --rounds 3}.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    private record Row(String name, double seconds, long bytesIn, long bytesOut) {
    }

    public static void main(String[] args) throws Exception {
        String input = null;
        int images = 200;
        int width = 1600;
        int height = 1200;
        String work = System.getProperty("java.io.tmpdir") + "/argus-ingest-bench";
        String shardSize = "128m";
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = args[++i];
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--size" -> {
                    String[] wh = args[++i].split("x");
                    width = Integer.parseInt(wh[0]);
                    height = Integer.parseInt(wh[1]);
                }
                case "--work" -> work = args[++i];
                case "--shard-size" -> shardSize = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --input --images --size --work --shard-size --rounds)");
            }
        }

        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        FileSystem local = FileSystem.getLocal(conf);
        Path workDir = local.makeQualified(new Path(work));
        local.delete(workDir, true);
        conf.set("hadoop.tmp.dir", new Path(workDir, "hadoop").toUri().getPath());
        conf.set("mapreduce.jobtracker.staging.root.dir", new Path(workDir, "mr-staging").toUri().getPath());

        Path inputDir;
        if (input == null) {
            inputDir = new Path(workDir, "input");
            System.out.printf(Locale.ROOT, "generating %d JPEGs of %dx%d ...%n", images, width, height);
            generateJpegs(java.nio.file.Path.of(inputDir.toUri()), images, width, height);
        } else {
            inputDir = local.makeQualified(new Path(input));
        }
        ContentSummary in = inputDir.getFileSystem(conf).getContentSummary(inputDir);
        System.out.printf(Locale.ROOT, "input: %s, %d files, %.1f MB; %d cores, load average %.1f%n", inputDir,
                in.getFileCount(), mb(in.getLength()), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        List<Row> rows = new ArrayList<>();

        // the copy, header-only ingest and the check's two paths alternating, so the ratios compare like with like
        Row[] sums = new Row[4];
        ingest("warm-up (JIT, the job runner, natives)", conf, inputDir, workDir, shardSize, true, true, "null");
        for (int round = 0; round < rounds; round++) {
            local.delete(new Path(workDir, "copy"), true);
            long copyStart = System.nanoTime();
            FileUtil.copy(inputDir.getFileSystem(conf), inputDir, local, new Path(workDir, "copy"), false, conf);
            add(sums, 0, new Row("plain copy (FileUtil.copy)", seconds(copyStart), in.getLength(), in.getLength()));
            add(sums, 1, ingest("ingest, header only, codec null", conf, inputDir, workDir, shardSize, false, true, "null"));
            add(sums, 2, ingest("ingest, check via ImageIO (before)", conf, inputDir, workDir, shardSize, true, false, "null"));
            add(sums, 3, ingest("ingest, check native (libjpeg 1/8)", conf, inputDir, workDir, shardSize, true, true, "null"));
        }
        rows.addAll(List.of(sums));
        rows.add(ingest("ingest, header only, codec snappy", conf, inputDir, workDir, shardSize, false, true, "snappy"));
        rows.add(ingest("ingest, header only, codec deflate", conf, inputDir, workDir, shardSize, false, true, "deflate"));

        double copyRate = mb(sums[0].bytesIn()) / sums[0].seconds();
        System.out.println();
        System.out.printf(Locale.ROOT, "first four rows: %d alternating rounds after a warm-up ingest, summed%n", rounds);
        System.out.printf(Locale.ROOT, "%-36s %9s %9s %10s %9s %8s%n", "run", "seconds", "MB/s", "MB out", "out/in",
                "vs copy");
        for (Row r : rows) {
            double rate = mb(r.bytesIn()) / r.seconds();
            System.out.printf(Locale.ROOT, "%-36s %9.1f %9.1f %10.1f %9.3f %7.0f%%%n", r.name(), r.seconds(),
                    rate, mb(r.bytesOut()), (double) r.bytesOut() / r.bytesIn(), 100 * rate / copyRate);
        }
    }

    private static void add(Row[] sums, int i, Row r) {
        sums[i] = sums[i] == null ? r : new Row(r.name(), sums[i].seconds() + r.seconds(),
                sums[i].bytesIn() + r.bytesIn(), sums[i].bytesOut() + r.bytesOut());
    }

    private static Row ingest(String name, Configuration base, Path input, Path work, String shardSize,
            boolean decodeCheck, boolean nativeCheck, String codec) throws Exception {
        Configuration conf = new Configuration(base);
        conf.setBoolean(IngestTool.DECODE_CHECK, decodeCheck);
        conf.setBoolean(IngestTool.NATIVE_CHECK, nativeCheck);
        conf.set(IngestTool.CODEC, codec);
        Path root = new Path(work, "root-" + codec + (decodeCheck ? nativeCheck ? "-native" : "-imageio" : "-header"));
        FileSystem.getLocal(base).delete(root, true); // each round ingests afresh
        LocalDate date = LocalDate.of(2024, 1, 1);
        IngestTool tool = new IngestTool();
        long start = System.nanoTime();
        int code = ToolRunner.run(conf, tool, new String[] {"--input", input.toString(), "--root", root.toString(),
                "--date", date.toString(), "--shard-size", shardSize});
        double seconds = seconds(start);
        if (code != 0) {
            throw new IllegalStateException(name + " failed with exit code " + code);
        }
        ArgusLayout layout = ArgusLayout.at(root, conf);
        long out = 0;
        for (Path shard : ShardReader.dataFiles(layout.fileSystem(), layout.shards(date))) {
            out += layout.fileSystem().getFileStatus(shard).getLen();
        }
        return new Row(name, seconds, tool.lastSummary().bytesRead(), out);
    }

    /** Photo-like JPEGs: soft shapes plus sensor-like noise, so sizes resemble camera output. */
    private static void generateJpegs(java.nio.file.Path dir, int count, int width, int height) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, width, height);
            for (int s = 0; s < 40; s++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(width), random.nextInt(height), random.nextInt(width / 3) + 8,
                        random.nextInt(height / 3) + 8);
            }
            g.dispose();
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int n = random.nextInt(17) - 8;
                    int r = clamp(((row[x] >> 16) & 255) + n);
                    int gr = clamp(((row[x] >> 8) & 255) + n);
                    int b = clamp((row[x] & 255) + n);
                    row[x] = (r << 16) | (gr << 8) | b;
                }
                image.setRGB(0, y, width, 1, row, 0, width);
            }
            try (OutputStream file = Files.newOutputStream(dir.resolve(String.format(Locale.ROOT, "img-%05d.jpg", i)));
                    ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
        }
        writer.dispose();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
