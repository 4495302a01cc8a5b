package dev.argus.hive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.layout.avro.ModelRef;

/**
 * Writes the Argus layout on the local disk the way the jobs write it on HDFS: Avro container files
 * of the generated contract classes, one directory per partition, {@code _SUCCESS} when complete.
 * Also puts the contract's .avsc files beside the data, as a cluster install does.
 */
public final class LayoutFiles {

    private static final List<String> SCHEMAS = List.of("ImageRecord.avsc", "ImageDetections.avsc", "ImageError.avsc");
    private static final Instant WHEN = Instant.parse("2024-05-01T02:00:00Z");

    private final Path root;

    public LayoutFiles(Path root) {
        this.root = root.toAbsolutePath();
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
                    Files.copy(in, dir.resolve(schema), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stripSlash(dir.toUri().toString());
    }

    public Path images(String dt, List<ImageRecord> images) {
        return write(root.resolve("shards").resolve("dt=" + dt), images);
    }

    public Path detections(String model, String version, String dt, List<ImageDetections> detections) {
        return write(root.resolve("detections").resolve("model=" + model).resolve("version=" + version)
                .resolve("dt=" + dt), detections);
    }

    public Path errors(String stage, String dt, String job, List<ImageError> errors) {
        return write(root.resolve("errors").resolve("stage=" + stage).resolve("dt=" + dt).resolve("job=" + job), errors);
    }

    /** Writes one part file into {@code dir} and marks it complete. */
    public static <T extends SpecificRecord> Path write(Path dir, List<T> records) {
        try {
            Files.createDirectories(dir);
            if (!records.isEmpty()) {
                @SuppressWarnings("unchecked")
                Class<T> type = (Class<T>) records.get(0).getClass();
                try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
                    writer.create(records.get(0).getSchema(), dir.resolve("part-r-00000.avro").toFile());
                    for (T record : records) {
                        writer.append(record);
                    }
                }
            }
            Files.createFile(dir.resolve("_SUCCESS"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }

    // ---- records ----------------------------------------------------------------------------

    public static ImageRecord image(String imageId) {
        byte[] bytes = imageId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ImageRecord.newBuilder()
                .setImageId(imageId)
                .setSourceUri("file:///cameras/" + imageId + ".jpg")
                .setFormat("jpeg")
                .setWidth(640)
                .setHeight(480)
                .setByteSize(bytes.length)
                .setBytes(java.nio.ByteBuffer.wrap(bytes))
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
