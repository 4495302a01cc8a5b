package dev.argus.jobs.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ModelRef;
import dev.argus.zoo.eval.CocoSize;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

/** The stats reducer (and the whole map → combine → reduce chain) under MRUnit. */
class StatsReducerTest {

    private static Configuration avroConf(Schema keySchema) {
        Configuration conf = new Configuration(false);
        conf.setStrings("io.serializations", "org.apache.hadoop.io.serializer.WritableSerialization");
        AvroSerialization.addToConfiguration(conf);
        AvroSerialization.setKeyWriterSchema(conf, keySchema);
        AvroSerialization.setKeyReaderSchema(conf, keySchema);
        AvroSerialization.setDataModelClass(conf, SpecificData.class);
        return conf;
    }

    private static GenericRecord stats(String label, long count, double mean, long small, long medium, long large) {
        GenericRecord r = ClassStats.record(label, new ClassTally());
        r.put("count", count);
        r.put("mean_score", mean);
        r.put("small", small);
        r.put("medium", medium);
        r.put("large", large);
        return r;
    }

    @Test
    void mergesTalliesIntoCountMeanScoreAndCocoSizes() throws Exception {
        ClassTally combinedOnOneMapper = ClassTally.of(0.5f, 0, 0, 10, 10); // 100 px²: small
        combinedOnOneMapper.merge(ClassTally.of(0.75f, 0, 0, 32, 32)); // exactly 32²: medium
        ClassTally fromAnotherMapper = ClassTally.of(1.0f, 10, 10, 106, 106); // 96²: large

        ReduceDriver.<Text, ClassTally, AvroKey<GenericRecord>, NullWritable>newReduceDriver(new StatsReducer())
                .withConfiguration(avroConf(ClassStats.SCHEMA))
                .withInput(new Text("person"), List.of(combinedOnOneMapper, fromAnotherMapper))
                .withInput(new Text("dog"), List.of(ClassTally.of(0.25f, 0, 0, 95, 97))) // 9215 px²: just under 96²
                .withOutput(new AvroKey<>(stats("person", 3, 0.75, 1, 1, 1)), NullWritable.get())
                .withOutput(new AvroKey<>(stats("dog", 1, 0.25, 0, 1, 0)), NullWritable.get())
                .withCounter(StatsCounters.CLASSES, 2)
                .withCounter(StatsCounters.TALLIED, 4)
                .runTest();
    }

    @Test
    void aWrongExpectationIsCaught() {
        ReduceDriver<Text, ClassTally, AvroKey<GenericRecord>, NullWritable> driver =
                ReduceDriver.<Text, ClassTally, AvroKey<GenericRecord>, NullWritable>newReduceDriver(new StatsReducer())
                        .withConfiguration(avroConf(ClassStats.SCHEMA))
                        .withInput(new Text("cat"), List.of(ClassTally.of(0.5f, 0, 0, 10, 10), ClassTally.of(0.5f, 0, 0, 10, 10)))
                        .withOutput(new AvroKey<>(stats("cat", 2, 0.5, 2, 0, 0)), NullWritable.get())
                        .withCounter(StatsCounters.TALLIED, 3);
        AssertionError e = assertThrows(AssertionError.class, driver::runTest);
        assertTrue(e.getMessage().contains("TALLIED"), e.getMessage());
    }

    @Test
    void mapCombineReduceOverImageDetections() throws Exception {
        ImageDetections a = image("a", List.of(box("person", 0.5f, 0, 0, 20, 20), box("dog", 0.25f, 0, 0, 200, 100)));
        ImageDetections b = image("b", List.of(box("person", 1.0f, 0, 0, 50, 50), box("person", 0.05f, 0, 0, 5, 5)));
        ImageDetections empty = image("c", List.of());
        Configuration conf = avroConf(Schema.createUnion(ImageDetections.getClassSchema(), ClassStats.SCHEMA));
        conf.setFloat(StatsMapper.MIN_SCORE, 0.1f);

        MapReduceDriver.<AvroKey<ImageDetections>, NullWritable, Text, ClassTally, AvroKey<GenericRecord>, NullWritable>
                        newMapReduceDriver(new StatsMapper(), new StatsReducer(), new ClassTallyCombiner())
                .withConfiguration(conf)
                .withInput(new AvroKey<>(a), NullWritable.get())
                .withInput(new AvroKey<>(b), NullWritable.get())
                .withInput(new AvroKey<>(empty), NullWritable.get())
                // keys arrive sorted: dog before person
                .withOutput(new AvroKey<>(stats("dog", 1, 0.25, 0, 0, 1)), NullWritable.get())
                .withOutput(new AvroKey<>(stats("person", 2, 0.75, 1, 1, 0)), NullWritable.get())
                .withCounter(StatsCounters.IMAGES, 3)
                .withCounter(StatsCounters.IMAGES_WITHOUT_DETECTIONS, 1)
                .withCounter(StatsCounters.DETECTIONS, 4)
                .withCounter(StatsCounters.BELOW_MIN_SCORE, 1)
                .withCounter(StatsCounters.CLASSES, 2)
                .withCounter(StatsCounters.TALLIED, 3)
                .runTest(true);
    }

    @Test
    void sizeBinsFollowCocoAreaRanges() {
        assertEquals(CocoSize.SMALL, CocoSize.ofBox(31.9f, 32f));
        assertEquals(CocoSize.MEDIUM, CocoSize.ofBox(32f, 32f));
        assertEquals(CocoSize.MEDIUM, CocoSize.ofBox(95.9f, 96f));
        assertEquals(CocoSize.LARGE, CocoSize.ofBox(96f, 96f));
        assertEquals(CocoSize.SMALL, CocoSize.ofBox(-5f, 100f));
    }

    private static Detection box(String label, float score, float x1, float y1, float x2, float y2) {
        return new Detection(label, label.equals("person") ? 0 : 16, score, x1, y1, x2, y2);
    }

    private static ImageDetections image(String id, List<Detection> detections) {
        return ImageDetections.newBuilder().setImageId(id).setSourceUri("file:/" + id + ".jpg").setWidth(640).setHeight(480)
                .setModel(new ModelRef("centernet", "1")).setDetections(detections).setInferenceMillis(1f)
                .setProcessedAt(Instant.EPOCH).build();
    }
}
