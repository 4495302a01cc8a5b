package dev.argus.layout;

import java.io.Closeable;
import java.io.IOException;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one Avro container file of generated records to any Hadoop file system.
 * MapReduce jobs write through AvroKeyOutputFormat instead; this is for tools and tests.
 */
public final class ShardWriter<T extends SpecificRecord> implements Closeable {

    private final DataFileWriter<T> writer;

    private ShardWriter(DataFileWriter<T> writer) {
        this.writer = writer;
    }

    /** Creates {@code file} (failing if it exists) holding records of {@code type}. */
    public static <T extends SpecificRecord> ShardWriter<T> create(
            FileSystem fs, Path file, Class<T> type, CodecFactory codec) throws IOException {
        T prototype;
        try {
            prototype = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro record", e);
        }
        DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type));
        writer.setCodec(codec);
        writer.create(prototype.getSchema(), fs.create(file, false));
        return new ShardWriter<>(writer);
    }

    public void append(T record) throws IOException {
        writer.append(record);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
