package dev.argus.jobs.report;

import dev.argus.jobs.stats.ClassTally;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Everything the report shows about one run, read from the layout: the detections partition (which
 * must be complete), the same run's errors partitions, the per-class tallies and score histogram of
 * the boxes at or above the report's minimum score, and the original bytes of the sample images.
 */
record PartitionContents(String model, String version, LocalDate date, Path detectionsPartition,
        List<ImageDetections> images, List<ImageError> errors, Map<String, ClassTally> perClass,
        long[] scoreHistogram, List<Sample> samples, float minScore) {

    static final int HISTOGRAM_BINS = 10;

    /** A sample image: its detections, and its original bytes from the shards. */
    record Sample(ImageDetections detections, byte[] bytes) {
    }

    static PartitionContents read(ArgusLayout layout, String model, String version, LocalDate date, int sampleCount,
            float minScore, Configuration conf) throws IOException {
        Path partition = layout.detections(model, version, date);
        List<ImageDetections> images = ShardReader.readPartition(layout, partition, ImageDetections.class, conf);
        List<ImageError> errors = new ArrayList<>();
        String job = ArgusLayout.detectJob(model, version);
        for (Stage stage : Stage.DETECT) {
            Path errorsPartition = layout.errors(stage, date, job);
            if (layout.isComplete(errorsPartition)) {
                errors.addAll(ShardReader.readPartition(layout, errorsPartition, ImageError.class, conf));
            }
        }
        errors.sort(Comparator.comparing(ImageError::getStage).thenComparing(ImageError::getSourceUri));

        Map<String, ClassTally> perClass = new HashMap<>();
        long[] histogram = new long[HISTOGRAM_BINS];
        for (ImageDetections image : images) {
            for (Detection d : image.getDetections()) {
                histogram[Math.min(HISTOGRAM_BINS - 1, Math.max(0, (int) (d.getScore() * HISTOGRAM_BINS)))]++;
                if (d.getScore() >= minScore) {
                    perClass.computeIfAbsent(d.getLabel(), k -> new ClassTally())
                            .add(d.getScore(), d.getX1(), d.getY1(), d.getX2(), d.getY2());
                }
            }
        }
        Map<String, ClassTally> ranked = new LinkedHashMap<>();
        perClass.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, ClassTally>>comparingLong(e -> e.getValue().count()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));

        List<Sample> samples = samples(layout, date, images, sampleCount, minScore, conf);
        return new PartitionContents(model, version, date, partition, images, errors, ranked, histogram, samples, minScore);
    }

    long boxesShown() {
        return perClass.values().stream().mapToLong(ClassTally::count).sum();
    }

    long boxesStored() {
        return images.stream().mapToLong(i -> i.getDetections().size()).sum();
    }

    /**
     * The images with the most boxes worth drawing (ties broken by image id, so a report is
     * reproducible), with their bytes fetched from the shards in one pass.
     */
    private static List<Sample> samples(ArgusLayout layout, LocalDate date, List<ImageDetections> images, int count,
            float minScore, Configuration conf) throws IOException {
        List<ImageDetections> chosen = images.stream()
                .sorted(Comparator.<ImageDetections>comparingLong(i -> -shown(i, minScore))
                        .thenComparing(ImageDetections::getImageId))
                .limit(count)
                .toList();
        Set<String> wanted = new HashSet<>();
        chosen.forEach(i -> wanted.add(i.getImageId()));
        Map<String, byte[]> bytes = new HashMap<>();
        Path shards = layout.shards(date);
        if (!wanted.isEmpty() && layout.isComplete(shards)) {
            for (Path file : ShardReader.dataFiles(layout.fileSystem(), shards)) {
                try (ShardReader<ImageRecord> reader = ShardReader.open(file, ImageRecord.class, conf)) {
                    for (ImageRecord r : reader) {
                        if (wanted.contains(r.getImageId())) {
                            bytes.put(r.getImageId(), toArray(r.getBytes()));
                        }
                    }
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (ImageDetections image : chosen) {
            samples.add(new Sample(image, bytes.get(image.getImageId())));
        }
        return samples;
    }

    private static long shown(ImageDetections image, float minScore) {
        return image.getDetections().stream().filter(d -> d.getScore() >= minScore).count();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
