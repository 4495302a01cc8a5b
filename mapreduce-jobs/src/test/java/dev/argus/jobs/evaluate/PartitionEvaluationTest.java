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

        ArgusLayout layout = ArgusLayout.at(tmp.resolve("root").toUri().toString(), new Configuration());
        Path partition = Path.of(layout.detections("shapes", "1", DATE).toUri());
        Files.createDirectories(partition);
        try (DataFileWriter<ImageDetections> w = new DataFileWriter<>(new SpecificDatumWriter<>(ImageDetections.class))) {
            w.create(ImageDetections.getClassSchema(), partition.resolve("part-m-00000.avro").toFile());
            for (Map.Entry<String, List<Detection>> e : found.entrySet()) {
                List<dev.argus.layout.avro.Detection> ds = new ArrayList<>();
                for (Detection d : e.getValue()) {
                    ds.add(new dev.argus.layout.avro.Detection(d.label(), d.classId(), d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
                }
                w.append(ImageDetections.newBuilder().setImageId("id-" + e.getKey()).setSourceUri("file:/photos/" + e.getKey())
                        .setWidth(128).setHeight(128).setModel(new ModelRef("shapes", "1")).setDetections(ds)
                        .setInferenceMillis(1f).setProcessedAt(Instant.now()).build());
            }
        }
        Files.createFile(partition.resolve(ArgusLayout.SUCCESS_MARKER));

        Path json = tmp.resolve("metrics.json");
        int code = Argus.run(new Configuration(), new String[]{"evaluate", "--root", tmp.resolve("root").toUri().toString(),
                "--date", DATE.toString(), "--detections", "shapes:1", "--truth", truthFile.toString(), "--json", json.toString()},
                System.out, System.err);
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("2 detection records matched the annotations, 1 were not annotated"), out.toString());
        CocoMetrics fromJob = new ObjectMapper().readValue(json.toFile(), CocoMetrics.class);

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

    @Test
    void anIncompletePartitionIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        Path truthFile = tmp.resolve("annotations.json");
        new CocoAnnotations(List.of(), List.of(), List.of(new CocoAnnotations.Category(0, "circle"))).write(truthFile);
        int code = Argus.run(new Configuration(), new String[]{"evaluate", "--root", tmp.toUri().toString(), "--date", "2026-11-26",
                "--detections", "shapes:1", "--truth", truthFile.toString()}, System.out, System.err);
        assertEquals(1, code);
        assertTrue(err.toString().contains("missing or incomplete"), err.toString());
    }

    private static CocoAnnotations.Annotation ann(long id, long image, int category, double x, double y, double w, double h) {
        return new CocoAnnotations.Annotation(id, image, category, new double[]{x, y, w, h}, w * h, 0);
    }

    private static Detection det(int category, String label, float score, float x1, float y1, float x2, float y2) {
        return new Detection(category, label, score, x1, y1, x2, y2);
    }
}
