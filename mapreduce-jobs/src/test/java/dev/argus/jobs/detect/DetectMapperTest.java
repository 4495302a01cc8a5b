package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.ZooDetectorLoader;
import dev.argus.jobs.detect.model.DetectorLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.avro.Schema;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The detect mapper under MRUnit, with the bright-box test model behind the fault injector. */
class DetectMapperTest {

    @TempDir
    Path tmp;

    private MapDriver<AvroKey<ImageRecord>, NullWritable, AvroKey<SpecificRecord>, NullWritable> driver;

    private void newDriver(TestInfo test, int batchSize) throws IOException {
        // a bundle of its own per test: the JVM-wide model cache is keyed by bundle content
        Path bundle = BrightBoxDetector.writeBundle(tmp.resolve("brightbox-1"), "1", test.getDisplayName());
        Configuration conf = new Configuration(false);
        // one union schema for every record MRUnit copies: inputs and both kinds of output
        Schema union = Schema.createUnion(ImageRecord.getClassSchema(), ImageDetections.getClassSchema(),
                ImageError.getClassSchema());
        conf.setStrings("io.serializations", "org.apache.hadoop.io.serializer.WritableSerialization");
        AvroSerialization.addToConfiguration(conf);
        AvroSerialization.setKeyWriterSchema(conf, union);
        AvroSerialization.setKeyReaderSchema(conf, union);
        AvroSerialization.setDataModelClass(conf, SpecificData.class);
        conf.set(DetectConfig.MODEL_NAME.key(), "brightbox");
        conf.set(DetectConfig.MODEL_VERSION.key(), "1");
        conf.setInt(DetectConfig.BATCH_SIZE.key(), batchSize);
        conf.setInt(DetectConfig.DECODE_THREADS.key(), 2);
        conf.setClass(DetectConfig.LOADER.key(), FaultInjectingLoader.class, DetectorLoader.class);
        conf.setClass(FaultInjectingLoader.INNER_LOADER, BrightBoxDetector.Loader.class, DetectorLoader.class);
        conf.setInt(FaultInjectingLoader.FAIL_WIDTH, 13);
        conf.set(DetectConfig.BUNDLE_NAME.key(), bundle.getFileName().toString());
        driver = new MapDriver<>(new DetectMapper()) {
            @Override
            protected void preRunChecks(Object mapper) {
                // MRUnit refuses to run without input; an empty shard is a real input all the same
                if (!inputs.isEmpty()) {
                    super.preRunChecks(mapper);
                }
            }
        };
        driver.withConfiguration(conf);
        driver.withCacheFile(bundle.toUri());
    }

    private static ImageRecord boxImage(String name, int width, int height, Color colour) {
        return TestImages.record(name, TestImages.pngWithBox(width, height, colour, 10, 5, 20, 12), width, height);
    }

    private List<SpecificRecord> run(ImageRecord... inputs) throws IOException {
        for (ImageRecord input : inputs) {
            driver.withInput(new AvroKey<>(input), NullWritable.get());
        }
        List<SpecificRecord> out = new ArrayList<>();
        for (Pair<AvroKey<SpecificRecord>, NullWritable> pair : driver.run()) {
            out.add(pair.getFirst().datum());
        }
        return out;
    }

    private long counter(DetectCounters c) {
        return driver.getCounters().findCounter(c).getValue();
    }

    @Test
    void goodImageGetsItsBoxInOriginalPixels(TestInfo test) throws IOException {
        newDriver(test, 8);
        ImageRecord image = boxImage("a.png", 64, 48, Color.WHITE);

        List<SpecificRecord> out = run(image);

        assertEquals(1, out.size());
        ImageDetections result = assertInstanceOf(ImageDetections.class, out.get(0));
        assertEquals(image.getImageId(), result.getImageId());
        assertEquals("file:/photos/a.png", result.getSourceUri());
        assertEquals(64, result.getWidth());
        assertEquals(48, result.getHeight());
        assertEquals("brightbox", result.getModel().getName());
        assertEquals("1", result.getModel().getVersion());
        assertEquals(List.of(new Detection("person", 0, 0.9f, 10f, 5f, 30f, 17f)), result.getDetections());
        assertEquals(1, counter(DetectCounters.IMAGES_READ));
        assertEquals(1, counter(DetectCounters.IMAGES_DETECTED));
        assertEquals(1, counter(DetectCounters.DETECTIONS));
        assertEquals(0, counter(DetectCounters.FAILED_DECODE) + counter(DetectCounters.FAILED_INFERENCE));
        assertEquals(1, driver.getCounters().findCounter(DetectCounters.CLASS_GROUP, "person").getValue());
    }

    @Test
    void imagesIngestDecodeCheckedAreCounted(TestInfo test) throws IOException {
        newDriver(test, 8);
        ImageRecord checked = boxImage("checked.png", 64, 48, Color.WHITE);
        checked.setDecodeChecked(true);

        List<SpecificRecord> out = run(checked, boxImage("unchecked.png", 64, 48, Color.WHITE));

        assertEquals(2, out.stream().filter(ImageDetections.class::isInstance).count());
        assertEquals(2, counter(DetectCounters.IMAGES_READ));
        assertEquals(1, counter(DetectCounters.IMAGES_CHECKED_AT_INGEST));
    }

    @Test
    void largeImageIsDecodedReducedAndItsBoxComesBackInOriginalPixels(TestInfo test) throws IOException {
        newDriver(test, 8); // the bright-box network takes 64x64: a 640x480 photo is read at every 7th pixel
        ImageRecord big = TestImages.record("big.png", TestImages.pngWithBox(640, 480, Color.WHITE, 140, 70, 210, 280), 640, 480);

        ImageDetections result = (ImageDetections) run(big).get(0);

        Detection box = result.getDetections().get(0);
        assertEquals(140f, box.getX1(), 7f);
        assertEquals(70f, box.getY1(), 7f);
        assertEquals(350f, box.getX2(), 7f);
        assertEquals(350f, box.getY2(), 7f);
        assertEquals(640, result.getWidth());
    }

    @Test
    void undecodableImageBecomesADecodeError(TestInfo test) throws IOException {
        newDriver(test, 8);
        byte[] junk = "this is not an image".getBytes(StandardCharsets.UTF_8);
        ImageRecord broken = TestImages.record("broken.jpg", junk, 640, 480);

        List<SpecificRecord> out = run(broken);

        assertEquals(1, out.size());
        ImageError error = assertInstanceOf(ImageError.class, out.get(0));
        assertEquals(broken.getImageId(), error.getImageId());
        assertEquals("file:/photos/broken.jpg", error.getSourceUri());
        assertEquals("decode", error.getStage());
        assertEquals("dev.argus.zoo.preprocess.ImageDecodeException", error.getErrorClass());
        assertTrue(error.getMessage().contains("broken.jpg"), error.getMessage());
        assertEquals(1, counter(DetectCounters.IMAGES_READ));
        assertEquals(1, counter(DetectCounters.FAILED_DECODE));
        assertEquals(0, counter(DetectCounters.IMAGES_DETECTED));
    }

    @Test
    void truncatedJpegBecomesADecodeErrorNotAGreyPicture(TestInfo test) throws IOException {
        newDriver(test, 8);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(
                TestImages.pngWithBox(64, 48, Color.WHITE, 10, 5, 20, 12))), "jpeg", jpeg);
        byte[] half = Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2);
        ImageRecord cut = TestImages.record("cut.jpg", half, 64, 48);

        ImageError error = assertInstanceOf(ImageError.class, run(cut).get(0));

        assertEquals("decode", error.getStage());
        assertEquals("dev.argus.zoo.preprocess.ImageDecodeException", error.getErrorClass());
        assertTrue(error.getMessage().contains("corrupt or truncated"), error.getMessage());
        assertEquals(1, counter(DetectCounters.FAILED_DECODE));
    }

    @Test
    void emptyShardWritesNothingAndCountsNothing(TestInfo test) throws IOException {
        newDriver(test, 8);

        List<SpecificRecord> out = run();

        assertEquals(List.of(), out);
        assertEquals(0, counter(DetectCounters.IMAGES_READ));
        assertEquals(0, counter(DetectCounters.IMAGES_DETECTED));
        assertEquals(0, counter(DetectCounters.BATCHES));
    }

    @Test
    void modelExceptionFailsOnlyThatImageOfTheBatch(TestInfo test) throws IOException {
        newDriver(test, 3);
        ImageRecord before = boxImage("before.png", 64, 48, Color.WHITE);
        ImageRecord poison = boxImage("poison.png", 13, 48, Color.WHITE); // FaultInjectingLoader.FAIL_WIDTH
        ImageRecord after = boxImage("after.png", 40, 40, Color.GREEN);

        List<SpecificRecord> out = run(before, poison, after);

        assertEquals(3, out.size());
        ImageError error = out.stream().filter(ImageError.class::isInstance).map(ImageError.class::cast)
                .findFirst().orElseThrow();
        assertEquals(poison.getImageId(), error.getImageId());
        assertEquals("inference", error.getStage());
        assertEquals("java.lang.IllegalStateException", error.getErrorClass());
        assertTrue(error.getMessage().contains("injected fault"), error.getMessage());
        List<String> detected = out.stream().filter(ImageDetections.class::isInstance)
                .map(r -> ((ImageDetections) r).getDetections().get(0).getLabel()).toList();
        assertEquals(List.of("person", "dog"), detected);
        assertEquals(3, counter(DetectCounters.IMAGES_READ));
        assertEquals(2, counter(DetectCounters.IMAGES_DETECTED));
        assertEquals(1, counter(DetectCounters.FAILED_INFERENCE));
        assertEquals(0, counter(DetectCounters.FAILED_DECODE));
    }

    @Test
    void everyImageComesOutExactlyOnceAcrossBatches(TestInfo test) throws IOException {
        newDriver(test, 4);
        List<ImageRecord> inputs = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            if (i % 7 == 3) {
                inputs.add(TestImages.record("junk" + i, ("junk " + i).getBytes(StandardCharsets.UTF_8), 10, 10));
            } else if (i % 5 == 4) {
                inputs.add(boxImage("poison" + i, 13, 20 + i, Color.WHITE));
            } else {
                inputs.add(boxImage("ok" + i, 50 + i, 40, i % 2 == 0 ? Color.WHITE : Color.GREEN));
            }
        }

        List<SpecificRecord> out = run(inputs.toArray(ImageRecord[]::new));

        List<String> ids = new ArrayList<>();
        for (SpecificRecord r : out) {
            ids.add(r instanceof ImageDetections d ? d.getImageId() : ((ImageError) r).getImageId());
        }
        Set<String> expected = new HashSet<>();
        inputs.forEach(r -> expected.add(r.getImageId()));
        assertEquals(inputs.size(), ids.size(), "one output per input");
        assertEquals(expected, new HashSet<>(ids));
        Counters c = driver.getCounters();
        assertEquals(23, counter(DetectCounters.IMAGES_READ));
        assertEquals(3, counter(DetectCounters.FAILED_DECODE)); // i = 3, 10, 17
        assertEquals(4, counter(DetectCounters.FAILED_INFERENCE)); // i = 4, 9, 14, 19
        assertEquals(16, counter(DetectCounters.IMAGES_DETECTED));
        assertEquals(16, c.findCounter(DetectCounters.CLASS_GROUP, "person").getValue()
                + c.findCounter(DetectCounters.CLASS_GROUP, "dog").getValue());
    }

    @Test
    void onlyTheTopClassesGetTheirOwnCounter(TestInfo test) throws IOException {
        newDriver(test, 8);
        driver.getConfiguration().setInt(DetectConfig.TOP_CLASSES.key(), 1);

        run(boxImage("p1", 64, 48, Color.WHITE), boxImage("p2", 60, 48, Color.WHITE), boxImage("d1", 64, 40, Color.GREEN));

        Counters c = driver.getCounters();
        assertEquals(2, c.findCounter(DetectCounters.CLASS_GROUP, "person").getValue());
        assertEquals(1, c.findCounter(DetectCounters.CLASS_GROUP, DetectCounters.OTHER_CLASSES).getValue());
        assertEquals(0, c.findCounter(DetectCounters.CLASS_GROUP, "dog").getValue());
    }

    @Test
    void modelIsLoadedOncePerJvmAndReusedByLaterTasks(TestInfo test) throws IOException {
        newDriver(test, 8);
        run(boxImage("first", 64, 48, Color.WHITE));
        assertEquals(1, counter(DetectCounters.MODEL_LOADS));

        newDriver(test, 8); // same bundle content: a second task in the same JVM
        run(boxImage("second", 64, 48, Color.WHITE));
        assertEquals(0, counter(DetectCounters.MODEL_LOADS));
        assertEquals(1, counter(DetectCounters.IMAGES_DETECTED));
    }

    @Test
    void unloadableModelFailsTheTaskNamingTheBundle(TestInfo test) throws IOException {
        newDriver(test, 8);
        driver.getConfiguration().setClass(FaultInjectingLoader.INNER_LOADER, ZooDetectorLoader.class,
                DetectorLoader.class);
        driver.withInput(new AvroKey<>(boxImage("x", 64, 48, Color.WHITE)), NullWritable.get());

        ModelLoadException e = assertThrows(ModelLoadException.class, driver::run);
        assertTrue(e.getMessage().contains("brightbox/1"), e.getMessage());
    }
}
