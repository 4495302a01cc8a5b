package dev.argus.hive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.nio.file.StandardCopyOption;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardWriter;
import dev.argus.layout.Stage;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.layout.avro.ModelRef;

/**
 * Writes the Argus layout on the local disk the way the jobs write it on HDFS: paths from
 * {@link ArgusLayout}, Avro container files of the generated contract classes written with
 * {@link ShardWriter}, each partition filled in staging and published with its {@code _SUCCESS}.
 * Also puts the contract's .avsc files beside the data, as a cluster install does.
 */
public final class LayoutFiles {

    private static final List<String> SCHEMAS = List.of("ImageRecord.avsc", "ImageDetections.avsc", "ImageError.avsc");
    private static final Instant WHEN = Instant.parse("2024-05-01T02:00:00Z");

    private final Path root;
    private final ArgusLayout layout;

    public LayoutFiles(Path root) {
        this.root = root.toAbsolutePath();
        try {
            this.layout = ArgusLayout.at(new org.apache.hadoop.fs.Path(this.root.toUri()), new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The layout root as Hive wants it in a LOCATION ({@code file:///...}, no trailing slash). */
    public String rootUri() {
        return stripSlash(root.toUri().toString());
    }

    /** Copies the contract's schemas (shipped in the hdfs-layout jar) under {@code <root>/_schemas}; returns its URI. */
    public String installSchemas() {
        Path dir = root.resolve("_schemas");
        try {
            Files.createDirectories(dir);
            for (String schema : SCHEMAS) {
                try (InputStream in = ImageDetections.class.getResourceAsStream("/avro/" + schema)) {
                    if (in == null) {
                        throw new IllegalStateException("/avro/" + schema + " is not on the classpath (hdfs-layout jar)");
                    }
                    Files.copy(in, dir.resolve(schema), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stripSlash(dir.toUri().toString());
    }

    public void images(String dt, List<ImageRecord> images) {
        publish(layout.shards(ArgusLayout.parseDate(dt)), ImageRecord.class, images);
    }

    public void detections(String model, String version, String dt, List<ImageDetections> detections) {
        publish(layout.detections(model, version, ArgusLayout.parseDate(dt)), ImageDetections.class, detections);
    }

    public void errors(String stage, String dt, String job, List<ImageError> errors) {
        publish(layout.errors(Stage.valueOf(stage.toUpperCase(Locale.ROOT)), ArgusLayout.parseDate(dt), job), ImageError.class, errors);
    }

    private <T extends SpecificRecord> void publish(org.apache.hadoop.fs.Path partition, Class<T> type, List<T> records) {
        try {
            org.apache.hadoop.fs.Path staged = layout.newStagingDir("test-data");
            layout.fileSystem().mkdirs(staged);
            writePart(layout.fileSystem(), new org.apache.hadoop.fs.Path(staged, "part-r-00000.avro"), type, records);
            layout.publish(staged, partition);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write partition " + partition, e);
        }
    }

    /** Writes one part file of {@code type} records into {@code dir} (any directory) and marks it complete. */
    public static <T extends SpecificRecord> Path write(Path dir, Class<T> type, List<T> records) {
        try {
            FileSystem local = FileSystem.getLocal(new Configuration());
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toUri());
            local.mkdirs(target);
            writePart(local, new org.apache.hadoop.fs.Path(target, "part-r-00000.avro"), type, records);
            local.create(new org.apache.hadoop.fs.Path(target, ArgusLayout.SUCCESS_MARKER), false).close();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }

    private static <T extends SpecificRecord> void writePart(FileSystem fs, org.apache.hadoop.fs.Path file,
                                                             Class<T> type, List<T> records) throws IOException {
        try (ShardWriter<T> writer = ShardWriter.create(fs, file, type, CodecFactory.nullCodec())) {
            for (T record : records) {
                writer.append(record);
            }
        }
    }

    // ---- records ----------------------------------------------------------------------------

    public static ImageRecord image(String imageId) {
        byte[] bytes = imageId.getBytes(StandardCharsets.UTF_8);
        return ImageRecord.newBuilder()
                .setImageId(imageId)
                .setSourceUri("file:///cameras/" + imageId + ".jpg")
                .setFormat("jpeg")
                .setWidth(640)
                .setHeight(480)
                .setByteSize(bytes.length)
                .setBytes(ByteBuffer.wrap(bytes))
                .setIngestedAt(WHEN)
                .setAttributes(Map.of("camera", "dock-1"))
                .build();
    }

    public static ImageDetections detected(String imageId, String model, String version, Detection... detections) {
        return ImageDetections.newBuilder()
                .setImageId(imageId)
                .setSourceUri("file:///cameras/" + imageId + ".jpg")
                .setWidth(640)
                .setHeight(480)
                .setModel(ModelRef.newBuilder().setName(model).setVersion(version).build())
                .setDetections(List.of(detections))
                .setInferenceMillis(12.5f)
                .setProcessedAt(WHEN)
                .build();
    }

    public static Detection box(String label, int classId, float score, float x1, float y1, float x2, float y2) {
        return Detection.newBuilder().setLabel(label).setClassId(classId).setScore(score)
                .setX1(x1).setY1(y1).setX2(x2).setY2(y2).build();
    }

    public static ImageError error(String imageId, String stage, String errorClass) {
        return ImageError.newBuilder()
                .setImageId(imageId)
                .setSourceUri("file:///cameras/" + (imageId == null ? "unreadable" : imageId) + ".jpg")
                .setStage(stage)
                .setErrorClass(errorClass)
                .setMessage(errorClass + " in " + imageId)
                .setAt(WHEN)
                .build();
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
