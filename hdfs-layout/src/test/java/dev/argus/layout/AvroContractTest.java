package dev.argus.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.layout.avro.ModelRef;

/** The Avro contract: records survive a trip through a shard, and schemas only evolve compatibly. */
class AvroContractTest {

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration conf = new Configuration();
    private FileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(conf);
    }

    @Test
    void imageRecordsRoundTripThroughAShard() throws IOException {
        ImageRecord record = image("a1", Map.of("camera", "7"));
        Path file = path("images.avro");
        try (ShardWriter<ImageRecord> out = ShardWriter.create(fs, file, ImageRecord.class, CodecFactory.nullCodec())) {
            out.append(record);
            out.append(image("b2", Map.of()));
        }
        List<ImageRecord> back = readAll(file, ImageRecord.class);
        assertEquals(2, back.size());
        assertEquals(record, back.get(0));
        assertEquals(Instant.ofEpochMilli(1_714_521_600_000L), back.get(0).getIngestedAt());
    }

    @Test
    void detectionsAndErrorsRoundTripThroughAShard() throws IOException {
        ImageDetections detections = ImageDetections.newBuilder()
                .setImageId("a1").setSourceUri("file:/x.jpg").setWidth(640).setHeight(480)
                .setModel(new ModelRef("centernet", "1"))
                .setDetections(List.of(new Detection("person", 0, 0.9f, 1f, 2f, 30f, 40f)))
                .setInferenceMillis(12.5f).setProcessedAt(Instant.ofEpochMilli(5)).build();
        ImageError error = ImageError.newBuilder().setImageId(null).setSourceUri("file:/gone.jpg").setStage("ingest")
                .setErrorClass("NotFound").setMessage("no such file").setAt(Instant.ofEpochMilli(6)).build();
        Path d = path("detections.avro");
        Path e = path("errors.avro");
        try (ShardWriter<ImageDetections> out = ShardWriter.create(fs, d, ImageDetections.class, CodecFactory.snappyCodec())) {
            out.append(detections);
        }
        try (ShardWriter<ImageError> out = ShardWriter.create(fs, e, ImageError.class, CodecFactory.deflateCodec(1))) {
            out.append(error);
        }
        assertEquals(List.of(detections), readAll(d, ImageDetections.class));
        assertEquals(List.of(error), readAll(e, ImageError.class));
        assertNull(readAll(e, ImageError.class).get(0).getImageId());
    }

    /** Written before {@code attributes} and {@code decode_checked} existed (v1), read with today's class: the defaults fill in. */
    @Test
    void oldShardWithoutANewerFieldReadsWithItsDefault() throws IOException {
        Schema v1 = withoutField(withoutField(ImageRecord.getClassSchema(), "attributes"), "decode_checked");
        GenericRecord old = new GenericData.Record(v1);
        old.put("image_id", "c3");
        old.put("source_uri", "hdfs://nn/img/c3.png");
        old.put("format", "png");
        old.put("width", 4);
        old.put("height", 3);
        old.put("byte_size", 2L);
        old.put("bytes", ByteBuffer.wrap(new byte[] {1, 2}));
        old.put("ingested_at", 99L);
        Path file = path("v1.avro");
        try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(v1))) {
            out.create(v1, fs.create(file));
            out.append(old);
        }

        ImageRecord read = readAll(file, ImageRecord.class).get(0);
        assertEquals("c3", read.getImageId());
        assertEquals(Instant.ofEpochMilli(99), read.getIngestedAt());
        assertEquals(Map.of(), read.getAttributes());
        assertFalse(read.getDecodeChecked(), "an old shard's bytes are searched for damage by detect's strict decode");
    }

    /** Today's shards must stay readable by a later schema that adds a field with a default... */
    @Test
    void currentShardReadsUnderALaterSchemaThatAddsAFieldWithADefault() throws IOException {
        Path file = path("v2.avro");
        try (ShardWriter<ImageRecord> out = ShardWriter.create(fs, file, ImageRecord.class, CodecFactory.nullCodec())) {
            out.append(image("d4", Map.of()));
        }
        Schema v3 = withField(ImageRecord.getClassSchema(),
                new Schema.Field("camera_id", Schema.createUnion(Schema.create(Schema.Type.NULL),
                        Schema.create(Schema.Type.STRING)), "Added later.", Schema.Field.NULL_DEFAULT_VALUE));
        GenericRecord read = readGeneric(file, v3);
        assertEquals("d4", read.get("image_id").toString());
        assertNull(read.get("camera_id"));
    }

    /** ...and this is what a field without a default would do to every old partition. */
    @Test
    void aFieldWithoutADefaultMakesOldShardsUnreadable() throws IOException {
        Path file = path("v2-nodefault.avro");
        try (ShardWriter<ImageRecord> out = ShardWriter.create(fs, file, ImageRecord.class, CodecFactory.nullCodec())) {
            out.append(image("e5", Map.of()));
        }
        Schema broken = withField(ImageRecord.getClassSchema(),
                new Schema.Field("camera_id", Schema.create(Schema.Type.STRING), "No default.", (Object) null));
        assertThrows(AvroTypeException.class, () -> readGeneric(file, broken));
    }

    /**
     * The schemas as first released are frozen under src/test/resources/contract/v1. Today's
     * schemas must read data written with them: a renamed field or a new field without a default
     * fails here, before it strands old partitions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ImageRecord", "ImageDetections", "ImageError"})
    void currentSchemasReadEveryReleasedVersion(String name) throws IOException {
        Schema current = parse("/avro/" + name + ".avsc");
        Schema v1 = parse("/contract/v1/" + name + ".avsc");
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, v1);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(), result.getDescription());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ImageRecord", "ImageDetections", "ImageError"})
    void everyFieldIsDocumented(String name) throws IOException {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(parse("/avro/" + name + ".avsc"), undocumented);
        assertTrue(undocumented.isEmpty(), "fields without doc: " + undocumented);
    }

    private static void collectUndocumented(Schema schema, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                for (Schema.Field f : schema.getFields()) {
                    if (f.doc() == null || f.doc().isBlank()) {
                        out.add(schema.getName() + "." + f.name());
                    }
                    collectUndocumented(f.schema(), out);
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), out);
            case MAP -> collectUndocumented(schema.getValueType(), out);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out));
            default -> { }
        }
    }

    @Test
    void generatedClassesMatchTheSchemaFilesShippedInTheJar() throws IOException {
        // Parsing canonical form: the generator only adds Java string hints, which do not change the data.
        for (Schema generated : List.of(ImageRecord.getClassSchema(), ImageDetections.getClassSchema(),
                ImageError.getClassSchema())) {
            assertEquals(SchemaNormalization.toParsingForm(parse("/avro/" + generated.getName() + ".avsc")),
                    SchemaNormalization.toParsingForm(generated));
        }
    }

    private static ImageRecord image(String id, Map<String, String> attributes) {
        return ImageRecord.newBuilder().setImageId(id).setSourceUri("file:/in/" + id + ".jpg").setFormat("jpeg")
                .setWidth(2).setHeight(1).setByteSize(3).setBytes(ByteBuffer.wrap(new byte[] {9, 8, 7}))
                .setIngestedAt(Instant.ofEpochMilli(1_714_521_600_000L)).setAttributes(attributes).build();
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = AvroContractTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(dropped)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static Schema withField(Schema schema, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(added);
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private <T> List<T> readAll(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (ShardReader<T> in = ShardReader.open(file, type, conf)) {
            in.forEach(out::add);
        }
        return out;
    }

    private GenericRecord readGeneric(Path file, Schema readerSchema) throws IOException {
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(new FsInput(file, conf),
                new GenericDatumReader<>(null, readerSchema))) {
            return in.next();
        }
    }

    private Path path(String name) {
        return new Path(tmp.resolve(name).toUri());
    }
}
