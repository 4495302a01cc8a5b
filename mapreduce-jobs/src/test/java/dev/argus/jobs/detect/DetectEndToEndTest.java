package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.stats.StatsTool;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest → detect → stats → report over the real sample photos with the real CenterNet bundle, on the
 * LocalJobRunner, through the same {@code argus} entry point users run.
 */
class DetectEndToEndTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @TempDir
    Path tmp;

    @Test
    void samplePhotosGoThroughIngestDetectStatsAndReportWithNothingLost() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        try (Stream<Path> samples = Files.list(RealModels.samples())) {
            for (Path sample : samples.filter(p -> p.toString().endsWith(".jpg")).toList()) {
                Files.copy(sample, photos.resolve(sample.getFileName()));
            }
        }
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        String root = tmp.resolve("root").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);
        publishModel(RealModels.centernet(), Path.of(layout.model("centernet", "1").toUri()));

        assertEquals(0, argus(conf, "ingest", "--input", photos.toString(), "--root", root, "--date", DAY.toString()));
        List<ImageRecord> shards = ShardReader.readPartition(layout, layout.shards(DAY), ImageRecord.class, conf);

        assertEquals(0, argus(conf, "detect", "--root", root, "--date", DAY.toString(), "--model", "centernet",
                "--batch-size", "4"));

        List<ImageDetections> detections = ShardReader.readPartition(layout,
                layout.detections("centernet", "1", DAY), ImageDetections.class, conf);
        String job = ArgusLayout.detectJob("centernet", "1");
        List<ImageError> errors = new ArrayList<>();
        for (Stage stage : Stage.DETECT) {
            errors.addAll(ShardReader.readPartition(layout, layout.errors(stage, DAY, job), ImageError.class, conf));
        }
        List<String> out = new ArrayList<>();
        detections.forEach(d -> out.add(d.getImageId()));
        errors.forEach(e -> out.add(e.getImageId()));
        Set<String> in = new HashSet<>();
        shards.forEach(r -> in.add(r.getImageId()));
        assertEquals(shards.size(), out.size(), "every packed image comes out exactly once");
        assertEquals(in, new HashSet<>(out));
        assertEquals(6, shards.size());
        assertEquals(List.of(), errors, "the sample photos are all decodable");

        long people = detections.stream().flatMap(d -> d.getDetections().stream())
                .filter(d -> d.getLabel().equals("person") && d.getScore() >= 0.5f).count();
        assertTrue(people >= 3, "people are found in the sample photos: " + describe(detections));
        StatsTool stats = new StatsTool();
        assertEquals(0, ToolRunner.run(new Configuration(conf), stats,
                new String[]{"--root", root, "--date", DAY.toString(), "--model", "centernet"}));
        GenericRecord personStats = stats.lastStats().get(0);
        assertEquals("person", personStats.get("label").toString(), "person is the most frequent class");
        long personBoxes = detections.stream().flatMap(d -> d.getDetections().stream())
                .filter(d -> d.getLabel().equals("person")).count();
        assertEquals(personBoxes, personStats.get("count"));
        assertEquals(personBoxes, (Long) personStats.get("small") + (Long) personStats.get("medium") + (Long) personStats.get("large"));
        long allBoxes = detections.stream().mapToLong(d -> d.getDetections().size()).sum();
        assertEquals(allBoxes, stats.lastStats().stream().mapToLong(r -> (Long) r.get("count")).sum());

        Path report = tmp.resolve("report");
        assertEquals(0, argus(conf, "report", "--root", root, "--date", DAY.toString(), "--model", "centernet",
                "--out", report.toString()));
        String page = Files.readString(report.resolve("index.html"));
        assertTrue(page.contains("data-label=\"person\""), "the report charts the people");
        try (Stream<Path> thumbs = Files.list(report.resolve("images"))) {
            assertEquals(6, thumbs.count());
        }

        for (ImageDetections d : detections) {
            for (Detection box : d.getDetections()) {
                assertTrue(box.getX1() >= 0 && box.getY1() >= 0 && box.getX2() <= d.getWidth() + 0.5f
                        && box.getY2() <= d.getHeight() + 0.5f && box.getX2() > box.getX1(), "box inside the image: " + box);
            }
        }
    }

    private static String describe(List<ImageDetections> detections) {
        StringBuilder s = new StringBuilder();
        for (ImageDetections d : detections) {
            s.append('\n').append(d.getSourceUri()).append(": ");
            d.getDetections().stream().limit(8).forEach(b -> s.append(b.getLabel()).append(String.format(" %.2f, ", b.getScore())));
        }
        return s.toString();
    }

    /** Copies a bundle as {@code cp -r} would (Hadoop's local file system would add .crc files the bundle does not list). */
    static void publishModel(Path bundle, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    static int argus(Configuration conf, String... args) throws Exception {
        return Argus.run(new Configuration(conf), args, System.out, System.err);
    }
}
