package dev.argus.jobs.scale;

import dev.argus.layout.ArgusLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * How the pipeline's cost grows with the number of images: ingest → detect → stats → evaluate of N
 * synthetic camera JPEGs ({@link SceneSet}) on the LocalJobRunner, each command in a JVM of its own
 * ({@link StageRun}), plus detect sliced (and optionally CenterNet-512) on the same shards. Prints one
 * table; run it for several N and compare the CPU seconds per image.
 *
 * <pre>
 * scripts/bench/scale.sh --images 1000 --work DIR [--seed 1] [--sliced-max 1000] [--slice 256/0.2]
 *                        [--bundle model-zoo/bundles/shapes-centernet-fpn/1] [--centernet DIR --centernet-max 1000]
 * </pre>
 */
public final class ScaleBenchmark {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final String DATE = DAY.toString();
    private static final Pattern AP50 = Pattern.compile("AP @\\[IoU=0\\.50\\s+\\|\\s+area=all\\]\\s+=\\s+([0-9.]+)");
    private static final Pattern PASSES = Pattern.compile("model passes\\s+(\\d+)");

    private record Row(StageRun run, int images, long bytesIn, Output out, String note) {
    }

    /** What a stage left in its partition: data files and their bytes. */
    private record Output(int files, long bytes, List<Long> sizes) {
        static final Output NONE = new Output(0, 0, List.of());

        static Output of(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return NONE;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Long> sizes = walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith("."))
                        .map(p -> p.toFile().length()).sorted().toList();
                return new Output(sizes.size(), sizes.stream().mapToLong(Long::longValue).sum(), sizes);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.parseInt(option(args, "--images", "1000"));
        long seed = Long.parseLong(option(args, "--seed", "1"));
        Path work = Path.of(option(args, "--work", "target/scale")).toAbsolutePath();
        int slicedMax = Integer.parseInt(option(args, "--sliced-max", "1000"));
        String slice = option(args, "--slice", "256/0.2");
        Path bundle = Path.of(option(args, "--bundle", "../model-zoo/bundles/shapes-centernet-fpn/1")).toAbsolutePath();
        String centernet = option(args, "--centernet", null);
        int centernetMax = Integer.parseInt(option(args, "--centernet-max", "1000"));
        String heap = option(args, "--heap", "1g");

        SceneSet set = SceneSet.obtain(work.resolve("cache"), images, seed);
        Path run = work.resolve("run-n" + images);
        deleteTree(run);
        Path logs = Files.createDirectories(run.resolve("logs"));
        Path root = run.resolve("root");
        Path log4j = run.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n",
                "log4j.rootLogger=WARN, console",
                "log4j.logger.dev.argus=INFO",
                "log4j.logger.org.apache.hadoop.mapred.LocalJobRunner=INFO",
                "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.console.layout.ConversionPattern=%d{HH:mm:ss} %-5p %c{1}: %m%n", ""));
        String rootUri = root.toUri().toString();
        ArgusLayout layout = ArgusLayout.at(rootUri, new Configuration());
        publish(bundle, local(layout.model("shapes", "1")));
        publish(bundle, local(layout.model("shapes-sliced", "1")));
        if (centernet != null && images <= centernetMax) {
            publish(Path.of(centernet), local(layout.model("centernet", "1")));
        }
        List<String> common = List.of("-D", "hadoop.tmp.dir=" + run.resolve("hadoop-tmp"));
        List<Row> rows = new ArrayList<>();

        StageRun ingest = stage("ingest", logs, log4j, heap, common, "--input", set.images().toString(),
                "--root", rootUri, "--date", DATE);
        Output shardFiles = Output.of(local(layout.shards(DAY)));
        rows.add(new Row(ingest, images, set.bytes(), shardFiles, ""));

        rows.add(detectRows(logs, log4j, heap, common, rootUri, layout, "detect", "shapes", images, shardFiles.bytes()));
        Output detections = Output.of(detectionsOf(layout, "shapes"));
        StageRun stats = stage("stats", logs, log4j, heap, common, "--root", rootUri, "--date", DATE, "--model", "shapes:1");
        rows.add(new Row(stats, images, detections.bytes(), Output.of(local(layout.stats("shapes", "1", DAY))), ""));
        rows.add(evaluateRow(logs, log4j, heap, common, rootUri, set, "evaluate", "shapes", images, detections.bytes()));
        if (images <= slicedMax) {
            rows.add(detectRows(logs, log4j, heap, common, rootUri, layout, "detect sliced " + slice, "shapes-sliced",
                    images, shardFiles.bytes(), "--slice", slice));
            rows.add(evaluateRow(logs, log4j, heap, common, rootUri, set, "evaluate sliced", "shapes-sliced", images,
                    Output.of(detectionsOf(layout, "shapes-sliced")).bytes()));
        }
        if (centernet != null && images <= centernetMax) {
            rows.add(detectRows(logs, log4j, heap, common, rootUri, layout, "detect centernet-512", "centernet",
                    images, shardFiles.bytes()));
        }

        String table = table(images, set, shardFiles, rows);
        System.out.print(table);
        Files.writeString(work.resolve("scale-n" + images + ".txt"), table);
    }

    private static Row detectRows(Path logs, Path log4j, String heap, List<String> common, String rootUri, ArgusLayout layout,
            String stage, String model, int images, long shardBytes, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", rootUri, "--date", DATE, "--model", model + ":1",
                "--batch-size", "8"));
        args.addAll(List.of(more));
        StageRun run = stage(stage, "detect", logs, log4j, heap, common, args.toArray(String[]::new));
        Matcher passes = PASSES.matcher(run.output());
        String note = passes.find() ? String.format(Locale.ROOT, "%.1f passes/img",
                Long.parseLong(passes.group(1)) / (double) images) : "";
        return new Row(run, images, shardBytes, Output.of(detectionsOf(layout, model)), note);
    }

    private static Row evaluateRow(Path logs, Path log4j, String heap, List<String> common, String rootUri, SceneSet set,
            String stage, String model, int images, long detectionBytes) throws Exception {
        StageRun run = stage(stage, "evaluate", logs, log4j, heap, common, "--root", rootUri, "--date", DATE,
                "--detections", model + ":1", "--truth", set.truth().toString());
        Matcher ap = AP50.matcher(run.output());
        return new Row(run, images, detectionBytes, Output.NONE, ap.find() ? "AP50 " + ap.group(1) : "");
    }

    private static StageRun stage(String command, Path logs, Path log4j, String heap, List<String> common, String... args)
            throws Exception {
        return stage(command, command, logs, log4j, heap, common, args);
    }

    private static StageRun stage(String stage, String command, Path logs, Path log4j, String heap, List<String> common,
            String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(common);
        argv.addAll(List.of(args));
        Path log = logs.resolve(stage.replaceAll("[^A-Za-z0-9-]+", "_") + ".log");
        System.out.printf("%s: %s (log %s)%n", stage, String.join(" ", argv), log);
        StageRun run = StageRun.run(stage, log, log4j, heap, argv);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(stage + " exited " + run.exitCode() + "; see " + log);
        }
        System.out.printf(Locale.ROOT, "%s: %.1f s wall, %.1f CPU s, peak RSS %d MB, live heap %d MB%n", stage,
                run.wallSeconds(), run.cpuSeconds(), run.peakRssKb() / 1024, run.liveHeapMb());
        return run;
    }

    private static String table(int images, SceneSet set, Output shards, List<Row> rows) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%n%d images, %.1f MB of JPEG (%.0f KB mean; 640x480, 1280x720, 1600x1200, "
                + "1920x1080 in turn); one JVM per stage, one core%n", images, set.bytes() / 1e6, set.bytes() / 1e3 / images));
        t.append(String.format(Locale.ROOT, "shards: %d files, %s%n", shards.files(), sizes(shards.sizes())));
        t.append(String.format(Locale.ROOT, "| %-26s | %7s | %7s | %6s | %9s | %8s | %9s | %5s | %6s | %8s | %-16s |%n",
                "stage", "wall s", "img/s", "MB/s", "CPU ms/img", "peak RSS", "live heap", "maps", "reduces", "MB out", "note"));
        t.append("|").append("-".repeat(28)).append("|---------|---------|--------|-----------|----------|-----------|-------|---------"
                + "|----------|------------------|\n");
        for (Row r : rows) {
            StageRun s = r.run();
            t.append(String.format(Locale.ROOT, "| %-26s | %7.1f | %7.1f | %6.1f | %9.1f | %5d MB | %6d MB | %5d | %7d | %8.1f | %-16s |%n",
                    s.stage(), s.wallSeconds(), r.images() / s.wallSeconds(), r.bytesIn() / 1e6 / s.wallSeconds(),
                    s.cpuSeconds() * 1000 / r.images(), s.peakRssKb() / 1024, s.liveHeapMb(), s.mapTasks(), s.reduceTasks(),
                    r.out().bytes() / 1e6, r.note()));
        }
        for (Row r : rows) {
            if (r.out().files() > 0) {
                t.append(String.format(Locale.ROOT, "%s output: %d files, %s%n", r.run().stage(), r.out().files(),
                        sizes(r.out().sizes())));
            }
        }
        return t.toString();
    }

    private static String sizes(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f MB (min / median / max)", sorted.get(0) / 1e6,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }

    private static Path detectionsOf(ArgusLayout layout, String model) {
        return local(layout.detections(model, "1", DAY));
    }

    private static Path local(org.apache.hadoop.fs.Path path) {
        return Path.of(path.toUri());
    }

    /** Copies a bundle as {@code cp -r} would (no .crc files, which a bundle refuses as unlisted). */
    private static void publish(Path bundle, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
