package dev.argus.jobs.report;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.jobs.partition.DetectionsPartition;
import dev.argus.jobs.partition.ModelChoice;
import dev.argus.jobs.stats.ClassTally;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.avro.Detection;
import dev.argus.zoo.preprocess.ImageDecodeException;
import dev.argus.zoo.preprocess.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code argus report}: a static HTML report of one detections partition, in a local directory
 * ({@code index.html} plus {@code images/*.jpg}, nothing else needed to view it): sample images with
 * their boxes drawn and labelled, a per-class bar chart, a score histogram, and the run's errors.
 *
 * <p>Exit codes: 0 written, 1 no complete detections partition, 2 bad command line.
 */
public final class ReportTool extends CommandLineTool {

    private static final String IMAGES_DIR = "images";

    public ReportTool() {
        super("report", "Write a static HTML report (sample images with boxes, per-class chart, score histogram, "
                + "errors) of one detections partition.");
    }

    @Override
    protected Options options() {
        return DetectionsPartition.addOptions(new Options())
                .addOption(Option.builder().longOpt("out").hasArg().argName("dir").required()
                        .desc("local directory for index.html and images/ (replaced if it holds an older report)").build())
                .addOption(Option.builder().longOpt("samples").hasArg().argName("n")
                        .desc("sample images to draw (default 12): those with the most boxes").build())
                .addOption(Option.builder().longOpt("min-score").hasArg().argName("s")
                        .desc("boxes below this score are not drawn or charted (default 0.3)").build())
                .addOption(Option.builder().longOpt("thumb-width").hasArg().argName("px")
                        .desc("width of the sample thumbnails (default 480)").build());
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        Configuration conf = new Configuration(getConf());
        int samples;
        int thumbWidth;
        float minScore;
        try {
            samples = intOption(cmd, "samples", 12, 0, 1000);
            thumbWidth = intOption(cmd, "thumb-width", 480, 16, 4096);
            minScore = Float.parseFloat(cmd.getOptionValue("min-score", "0.3"));
            if (!(minScore >= 0 && minScore <= 1)) {
                throw new IllegalArgumentException("--min-score must be in [0, 1], got " + minScore);
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--min-score must be a number in [0, 1], got '" + cmd.getOptionValue("min-score") + "'");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        DetectionsPartition partition;
        try {
            partition = DetectionsPartition.from(cmd, conf);
        } catch (DetectionsPartition.NotReady e) {
            System.err.println("argus report: " + e.getMessage());
            return 1;
        }
        ArgusLayout layout = partition.layout();
        ModelChoice model = partition.model();
        LocalDate date = partition.date();
        PartitionContents contents = PartitionContents.read(layout, model.name(), model.version(), date, samples, minScore, conf);
        Path out = Path.of(cmd.getOptionValue("out"));
        java.util.Optional<String> stale = partition.staleness();
        stale.ifPresent(why -> System.err.println("argus report: warning: " + why + " (the report marks it)"));
        write(contents, out, new BoxPainter(thumbWidth), stale);
        System.out.println("argus report " + model + " dt=" + date + " -> " + out.resolve("index.html"));
        System.out.print(table(contents));
        return 0;
    }

    private static void write(PartitionContents contents, Path out, BoxPainter painter, java.util.Optional<String> stale)
            throws IOException {
        Path images = out.resolve(IMAGES_DIR);
        Files.createDirectories(images);
        // an older report's thumbnails would otherwise linger next to the new page
        try (DirectoryStream<Path> old = Files.newDirectoryStream(images, "*.jpg")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        List<ReportPage.Thumbnail> thumbnails = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int n = 0;
        for (PartitionContents.Sample sample : contents.samples()) {
            n++;
            if (sample.bytes() == null) {
                missing.add(sample.detections().getSourceUri());
                continue;
            }
            BufferedImage original;
            try {
                original = ImageDecoder.decode(sample.bytes(), sample.detections().getSourceUri());
            } catch (ImageDecodeException e) {
                missing.add(sample.detections().getSourceUri());
                continue;
            }
            List<Detection> drawn = sample.detections().getDetections().stream()
                    .filter(d -> d.getScore() >= contents.minScore()).toList();
            BufferedImage thumb = painter.paint(original, drawn);
            String file = String.format(Locale.ROOT, "%s/%02d-%s.jpg", IMAGES_DIR, n,
                    sample.detections().getImageId().substring(0, Math.min(12, sample.detections().getImageId().length())));
            if (!ImageIO.write(thumb, "jpg", out.resolve(file).toFile())) {
                throw new IOException("this JVM has no JPEG writer");
            }
            thumbnails.add(new ReportPage.Thumbnail(file, thumb.getWidth(), thumb.getHeight(), sample.detections(), drawn.size()));
        }
        Files.writeString(out.resolve("index.html"), ReportPage.render(contents, thumbnails, missing, stale), StandardCharsets.UTF_8);
    }

    private static String table(PartitionContents c) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", "images", c.images().size()));
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", "errors", c.errors().size()));
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", "boxes stored", c.boxesStored()));
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", "boxes >= " + String.format(Locale.ROOT, "%.2f", c.minScore()), c.boxesShown()));
        for (Map.Entry<String, ClassTally> e : c.perClass().entrySet().stream().limit(5).toList()) {
            t.append(String.format(Locale.ROOT, "    %-16s %10d%n", e.getKey(), e.getValue().count()));
        }
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", "samples drawn", c.samples().size()));
        return t.toString();
    }
}
