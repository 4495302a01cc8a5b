package dev.argus.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.jobs.Argus;
import dev.argus.jobs.ConsoleCapture;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ModelRef;
import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.CocoEvaluator;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.GroundTruth;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argus evaluate} over a detections partition, on the LocalJobRunner: the MapReduce result must
 * equal the in-memory evaluator's on the same detections and truth, including an annotated image the
 * partition lacks (its objects missed) and a record of an image the annotations do not know (skipped).
 */
class PartitionEvaluationTest {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    @Test
    void theJobGivesTheInMemoryEvaluatorsMetrics(@TempDir Path tmp) throws Exception {
        List<CocoAnnotations.Category> categories = List.of(new CocoAnnotations.Category(3, "circle"),
                new CocoAnnotations.Category(5, "square"), new CocoAnnotations.Category(9, "cross"));
        List<CocoAnnotations.ImageEntry> images = List.of(new CocoAnnotations.ImageEntry(1, "a.png", 128, 128),
                new CocoAnnotations.ImageEntry(2, "b.png", 128, 128), new CocoAnnotations.ImageEntry(3, "c.png", 128, 128));
        List<CocoAnnotations.Annotation> annotations = List.of(
                ann(1, 1, 3, 10, 10, 20, 20), ann(2, 1, 5, 50, 50, 40, 40), ann(3, 2, 3, 0, 0, 8, 8),
                ann(4, 2, 5, 60, 10, 30, 30), ann(5, 3, 3, 5, 5, 50, 50)); // c.png: never detected
        CocoAnnotations coco = new CocoAnnotations(images, annotations, categories);
        Path truthFile = tmp.resolve("annotations.json");
        coco.write(truthFile);

        Map<String, List<Detection>> found = new LinkedHashMap<>();
        found.put("a.png", List.of(det(3, "circle", 0.9f, 10, 10, 30, 28), det(5, "square", 0.8f, 52, 50, 90, 90),
                det(5, "square", 0.35f, 0, 100, 20, 120)));
        found.put("b.png", List.of(det(3, "circle", 0.55f, 1, 1, 8, 8), det(5, "square", 0.7f, 60, 10, 90, 30),
                det(9, "cross", 0.6f, 30, 30, 40, 40)));
        found.put("stranger.png", List.of(det(3, "circle", 0.99f, 0, 0, 10, 10)));

        writePartition(tmp, found);
        CocoMetrics fromJob = evaluate(tmp, truthFile);
        assertTrue(out.toString().contains("2 detection records matched the annotations, 1 were not annotated"), out.toString());

        CocoEvaluator inMemory = CocoEvaluator.forCategories(categories);
        Map<Long, GroundTruth> truth = GroundTruth.byImage(coco);
        inMemory.add(truth.get(1L), found.get("a.png"));
        inMemory.add(truth.get(2L), found.get("b.png"));
        inMemory.add(truth.get(3L), List.of());
        CocoMetrics expected = inMemory.metrics();

        assertEquals(expected.ap(), fromJob.ap(), 1e-9);
        assertEquals(expected.ap50(), fromJob.ap50(), 1e-9);
        assertEquals(expected.ap75(), fromJob.ap75(), 1e-9);
        assertEquals(expected.apSmall(), fromJob.apSmall(), 1e-9);
        assertEquals(expected.apMedium(), fromJob.apMedium(), 1e-9);
        assertEquals(expected.ar100(), fromJob.ar100(), 1e-9);
        assertEquals(expected.perClass(), fromJob.perClass());
        assertEquals(expected.objects(), fromJob.objects());
        assertTrue(expected.ap50() > 0 && expected.ap50() < 1, "a case with hits and misses: " + expected.table());
    }

    /**
     * A set big enough to hold what only shows at scale: scores tied across images (ranked by file name
     * in both), crowd regions, all three sizes, images the partition lacks, records the truth does not
     * know, a duplicate record. The two jobs must give the in-memory evaluator's numbers to the last bit.
     */
    @Test
    void aRandomSetWithTiesCrowdsAndEverySizeScoresExactlyAsInMemory(@TempDir Path tmp) throws Exception {
        Random random = new Random(11);
        List<CocoAnnotations.Category> categories = List.of(new CocoAnnotations.Category(3, "circle"),
                new CocoAnnotations.Category(5, "square"), new CocoAnnotations.Category(9, "cross"));
        float[] scores = {0.3f, 0.5f, 0.7f, 0.9f}; // few values: ties across images everywhere
        List<CocoAnnotations.ImageEntry> images = new ArrayList<>();
        List<CocoAnnotations.Annotation> annotations = new ArrayList<>();
        Map<String, List<Detection>> found = new TreeMap<>();
        for (int i = 0; i < 120; i++) {
            String name = String.format("cam-%03d.jpg", i);
            images.add(new CocoAnnotations.ImageEntry(i + 1, "night/" + name, 640, 480));
            List<Detection> dets = new ArrayList<>();
            for (int o = random.nextInt(6); o > 0; o--) {
                CocoAnnotations.Category c = categories.get(random.nextInt(3));
                double side = 4 + random.nextInt(140);
                double x = random.nextInt(480);
                double y = random.nextInt(320);
                annotations.add(new CocoAnnotations.Annotation(annotations.size() + 1, i + 1, c.id(),
                        new double[]{x, y, side, side}, side * side, random.nextInt(10) == 0 ? 1 : 0));
                if (random.nextInt(10) < 7) {
                    CocoAnnotations.Category label = random.nextInt(8) == 0 ? categories.get(random.nextInt(3)) : c;
                    float jitter = (float) (random.nextGaussian() * side * 0.15);
                    dets.add(det(label.id(), label.name(), scores[random.nextInt(4)], (float) x + jitter, (float) y - jitter,
                            (float) (x + side) + jitter, (float) (y + side)));
                }
            }
            for (int fp = random.nextInt(3); fp > 0; fp--) {
                CocoAnnotations.Category c = categories.get(random.nextInt(3));
                float x = random.nextInt(600);
                float y = random.nextInt(440);
                dets.add(det(c.id(), c.name(), scores[random.nextInt(4)], x, y, x + 5 + random.nextInt(100), y + 5 + random.nextInt(30)));
            }
            if (random.nextInt(12) != 0) { // some annotated images never reached the partition
                found.put(name, dets);
            }
        }
        CocoAnnotations coco = new CocoAnnotations(images, annotations, categories);
        Path truthFile = tmp.resolve("annotations.json");
        coco.write(truthFile);
        Map<String, List<Detection>> records = new LinkedHashMap<>(found);
        records.put("stranger-1.jpg", List.of(det(3, "circle", 0.9f, 0, 0, 10, 10)));
        records.put("stranger-2.jpg", List.of());
        writePartition(tmp, records, "cam-007.jpg");
        CocoMetrics fromJob = evaluate(tmp, truthFile);
        assertTrue(out.toString().contains((found.size() + 1) + " detection records matched the annotations, 2 were not annotated"),
                out.toString());

        CocoEvaluator inMemory = CocoEvaluator.forCategories(categories);
        Map<Long, GroundTruth> truth = GroundTruth.byImage(coco);
        for (CocoAnnotations.ImageEntry image : images) { // file-name order, as the job ranks ties
            inMemory.add(truth.get(image.id()), found.getOrDefault(image.fileName().substring(6), List.of()));
        }
        CocoMetrics expected = inMemory.metrics();
        assertEquals(expected, fromJob);
        assertTrue(expected.ap50() > 0.2 && expected.ap50() < 0.9 && !Double.isNaN(expected.apLarge()),
                "a case with hits, misses and every size: " + expected.table());
    }

    @Test
    void anIncompletePartitionIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        Path truthFile = tmp.resolve("annotations.json");
        new CocoAnnotations(List.of(), List.of(), List.of(new CocoAnnotations.Category(0, "circle"))).write(truthFile);
        int code = Argus.run(new Configuration(), new String[]{"evaluate", "--root", tmp.toUri().toString(), "--date", "2026-11-26",
                "--detections", "shapes:1", "--truth", truthFile.toString()}, System.out, System.err);
        assertEquals(1, code);
        assertTrue(err.toString().contains("missing or incomplete"), err.toString());
    }

    /** One detections file in the partition, one record per entry (plus a second copy of {@code duplicate}s). */
    private static void writePartition(Path tmp, Map<String, List<Detection>> found, String... duplicate) throws Exception {
        ArgusLayout layout = ArgusLayout.at(tmp.resolve("root").toUri().toString(), new Configuration());
        Path partition = Path.of(layout.detections("shapes", "1", DATE).toUri());
        Files.createDirectories(partition);
        List<String> names = new ArrayList<>(found.keySet());
        names.addAll(List.of(duplicate));
        try (DataFileWriter<ImageDetections> w = new DataFileWriter<>(new SpecificDatumWriter<>(ImageDetections.class))) {
            w.create(ImageDetections.getClassSchema(), partition.resolve("part-m-00000.avro").toFile());
            for (String name : names) {
                List<dev.argus.layout.avro.Detection> ds = new ArrayList<>();
                for (Detection d : found.get(name)) {
                    ds.add(new dev.argus.layout.avro.Detection(d.label(), d.classId(), d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
                }
                w.append(ImageDetections.newBuilder().setImageId("id-" + name).setSourceUri("file:/photos/" + name)
                        .setWidth(128).setHeight(128).setModel(new ModelRef("shapes", "1")).setDetections(ds)
                        .setInferenceMillis(1f).setProcessedAt(Instant.now()).build());
            }
        }
        Files.createFile(partition.resolve(ArgusLayout.SUCCESS_MARKER));
    }

    private CocoMetrics evaluate(Path tmp, Path truthFile) throws Exception {
        Path json = tmp.resolve("metrics.json");
        int code = Argus.run(new Configuration(), new String[]{"evaluate", "--root", tmp.resolve("root").toUri().toString(),
                "--date", DATE.toString(), "--detections", "shapes:1", "--truth", truthFile.toString(), "--json", json.toString()},
                System.out, System.err);
        assertEquals(0, code, err.toString());
        return new ObjectMapper().readValue(json.toFile(), CocoMetrics.class);
    }

    private static CocoAnnotations.Annotation ann(long id, long image, int category, double x, double y, double w, double h) {
        return new CocoAnnotations.Annotation(id, image, category, new double[]{x, y, w, h}, w * h, 0);
    }

    private static Detection det(int category, String label, float score, float x1, float y1, float x2, float y2) {
        return new Detection(category, label, score, x1, y1, x2, y2);
    }
}
