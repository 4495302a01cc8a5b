package dev.argus.layout;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads Avro container files from any Hadoop file system into the generated classes. The class's
 * schema is the reader schema, so files written with an older schema come back with the defaults
 * of the fields added since.
 */
public final class ShardReader<T> implements Iterable<T>, Closeable {

    private final DataFileReader<T> reader;

    private ShardReader(DataFileReader<T> reader) {
        this.reader = reader;
    }

    public static <T> ShardReader<T> open(Path file, Class<T> type, Configuration conf) throws IOException {
        return new ShardReader<>(new DataFileReader<>(new FsInput(file, conf), new SpecificDatumReader<>(type)));
    }

    /**
     * Every record of a complete partition, file by file in name order. An incomplete partition
     * (no {@code _SUCCESS}) is refused rather than read half-written.
     */
    public static <T> List<T> readPartition(ArgusLayout layout, Path partition, Class<T> type, Configuration conf)
            throws IOException {
        if (!layout.isComplete(partition)) {
            throw new IOException("partition " + partition + " is incomplete (no " + ArgusLayout.SUCCESS_MARKER
                    + "); it is being written or its writer failed");
        }
        List<T> records = new ArrayList<>();
        for (Path file : dataFiles(layout.fileSystem(), partition)) {
            try (ShardReader<T> reader = open(file, type, conf)) {
                reader.forEach(records::add);
            }
        }
        return records;
    }

    /** The {@code .avro} files directly in a partition, in name order. */
    public static List<Path> dataFiles(FileSystem fs, Path partition) throws IOException {
        List<Path> files = new ArrayList<>();
        try {
            for (FileStatus s : fs.listStatus(partition, p -> p.getName().endsWith(".avro"))) {
                if (s.isFile()) {
                    files.add(s.getPath());
                }
            }
        } catch (FileNotFoundException e) {
            throw new IOException("partition " + partition + " does not exist", e);
        }
        files.sort(null);
        return files;
    }

    /** Iterates the records; a fresh object each time, so callers may keep them. */
    @Override
    public Iterator<T> iterator() {
        return reader.iterator();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
