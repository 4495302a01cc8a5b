package dev.argus.jobs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.Argus;
import dev.argus.jobs.LocalHadoopConf;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardReader;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.Detection;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.multiscale.MultiScaleSpec;
import dev.argus.zoo.multiscale.TilePlan;
import dev.argus.zoo.synth.ShapesDatasetWriter;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.synth.SyntheticImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argus detect --slice} as a whole MapReduce run on the LocalJobRunner: 640x480 scenes full of
 * small shapes (8-28 px, COCO "small") ingested, then detected with the committed 128x128 CenterNet,
 * once plainly and once sliced into 128 px tiles. A plain pass squeezes each scene five times smaller,
 * so most shapes fall under the network's stride; the tiles see them at full size.
 */
class SlicedDetectEndToEndTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");
    private static final Path BUNDLE = Path.of("../model-zoo/bundles/shapes-centernet-fpn/1");
    private static final long SEED = 11;
    private static final int IMAGES = 4;
    private static final String SLICE = "128/0.2";
    /** A detection counts as finding a shape at this score, class and IoU. */
    private static final float MIN_SCORE = 0.3f;
    private static final float MIN_IOU = 0.5f;

    @TempDir
    Path tmp;

    @Test
    void slicedDetectRunsEveryTileAndFindsTheSmallShapesThePlainPassMisses() throws Exception {
        Configuration conf = LocalHadoopConf.in(tmp);
        ShapesGenerator generator = new ShapesGenerator(ShapesSpec.smallObjects());
        Path set = tmp.resolve("set");
        new ShapesDatasetWriter(generator, "jpg").write(set, SEED, IMAGES);
        Files.delete(set.resolve(ShapesDatasetWriter.ANNOTATIONS)); // truth comes from the generator; ingest takes every file
        String root = tmp.resolve("root").toUri().toString();
        ArgusLayout layout = ArgusLayout.at(root, conf);
        DetectEndToEndTest.publishModel(BUNDLE, Path.of(layout.model("plain", "1").toUri()));
        DetectEndToEndTest.publishModel(BUNDLE, Path.of(layout.model("sliced", "1").toUri()));
        assertEquals(0, Argus.run(new Configuration(conf), new String[]{"ingest", "--input", set.toString(),
                "--root", root, "--date", DAY.toString()}, System.out, System.err));

        DetectSummary plain = detect(conf, root, "plain");
        DetectSummary sliced = detect(conf, root, "sliced", "--slice", SLICE);

        int passesPerImage = TilePlan.of(640, 480,
                new MultiScaleOptions(SLICE, null, null, null).over(MultiScaleSpec.OFF)).passes();
        assertEquals(1 + 6 * 5, passesPerImage, "the whole image, then 6 x 5 tiles of 128 px at strides of at most 103 px");
        assertEquals(IMAGES, plain.modelPasses(), "one pass per image without slicing");
        assertEquals((long) IMAGES * passesPerImage, sliced.modelPasses(), "every tile of every image ran");
        assertEquals(IMAGES, sliced.detected());

        Map<String, List<Detection>> truth = new HashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            SyntheticImage image = generator.generate(SEED, i);
            truth.put(image.fileName().replace(".png", ".jpg"), image.truth());
        }
        int objects = truth.values().stream().mapToInt(List::size).sum();
        Found plainFound = found(read(layout, conf, "plain"), truth);
        Found slicedFound = found(read(layout, conf, "sliced"), truth);
        System.out.printf(Locale.ROOT, "%d small shapes in %d scenes: plain pass found %d, sliced %s found %d "
                        + "(%d found twice)%n", objects, IMAGES, plainFound.matched, SLICE, slicedFound.matched,
                slicedFound.duplicated);

        // Boxes come back in the original 640x480 pixels: a tile's box left in tile pixels, or a plain box
        // left in network pixels, would not overlap its shape.
        assertTrue(slicedFound.matched >= 0.6 * objects, "sliced found " + slicedFound.matched + " of " + objects);
        assertTrue(slicedFound.matched >= 2 * plainFound.matched + 10,
                "sliced found " + slicedFound.matched + ", plain " + plainFound.matched);
        // A shape seen by several overlapping tiles is one box after the merge.
        assertTrue(slicedFound.duplicated <= objects / 20, slicedFound.duplicated + " shapes found more than once");
    }

    private DetectSummary detect(Configuration conf, String root, String model, String... more) throws Exception {
        DetectTool tool = new DetectTool();
        String[] args = {"--root", root, "--date", DAY.toString(), "--model", model, "--batch-size", "8"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        assertEquals(0, ToolRunner.run(new Configuration(conf), tool, all));
        return tool.lastSummary();
    }

    private static List<ImageDetections> read(ArgusLayout layout, Configuration conf, String model) throws Exception {
        return ShardReader.readPartition(layout, layout.detections(model, "1", DAY), ImageDetections.class, conf);
    }

    /** Shapes found (at least one confident box of their class at IoU 0.5), and shapes found more than once. */
    private record Found(int matched, int duplicated) {
    }

    private static Found found(List<ImageDetections> images, Map<String, List<Detection>> truth) {
        assertEquals(truth.size(), images.size());
        int matched = 0;
        int duplicated = 0;
        for (ImageDetections image : images) {
            String uri = image.getSourceUri().toString();
            List<Detection> shapes = truth.get(uri.substring(uri.lastIndexOf('/') + 1));
            assertTrue(shapes != null, "no truth for " + uri);
            assertEquals(640, image.getWidth());
            List<Detection> boxes = image.getDetections().stream()
                    .filter(d -> d.getScore() >= MIN_SCORE)
                    .map(d -> new Detection(d.getClassId(), d.getLabel().toString(), d.getScore(),
                            d.getX1(), d.getY1(), d.getX2(), d.getY2()))
                    .toList();
            for (Detection box : boxes) {
                assertTrue(box.x1() >= 0 && box.y1() >= 0 && box.x2() <= 640.5f && box.y2() <= 480.5f,
                        "box inside the original image: " + box);
            }
            for (Detection shape : shapes) {
                long hits = boxes.stream().filter(b -> b.classId() == shape.classId() && b.iou(shape) >= MIN_IOU).count();
                matched += hits > 0 ? 1 : 0;
                duplicated += hits > 1 ? 1 : 0;
            }
        }
        return new Found(matched, duplicated);
    }
}
