package dev.argus.jobs.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

import dev.argus.jobs.JavaCppCacheDir;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/**
 * Reads each file named in the manifest, inspects it and emits either an {@link ImageRecord} keyed
 * by its image id (so the shuffle brings duplicates together) or an {@link ImageError} keyed by its
 * URI. Nothing thrown by one file stops the job.
 */
public class IngestMapper extends Mapper<LongWritable, Text, Text, AvroValue<Object>> {

    /** Keys of errors start with this; image ids are hex, so the two never meet. */
    static final String ERROR_KEY_PREFIX = "error:";

    private ImageInspector inspector;
    private long maxFileBytes;
    private long ingestedAt;
    private MessageDigest sha256;
    private final Text outKey = new Text();
    private final AvroValue<Object> outValue = new AvroValue<>();

    @Override
    protected void setup(Context context) {
        Configuration conf = context.getConfiguration();
        JavaCppCacheDir.choose(null); // the decode check's JPEG decoder is native
        inspector = new ImageInspector(
                conf.getLong(IngestTool.MAX_PIXELS, IngestTool.DEFAULT_MAX_PIXELS),
                conf.getBoolean(IngestTool.DECODE_CHECK, true), conf.getBoolean(IngestTool.NATIVE_CHECK, true));
        maxFileBytes = conf.getLong(IngestTool.MAX_FILE_BYTES, IngestTool.DEFAULT_MAX_FILE_BYTES);
        ingestedAt = conf.getLong(IngestTool.INGESTED_AT, System.currentTimeMillis());
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
        ManifestEntry entry = ManifestEntry.parse(line.toString());
        context.getCounter(IngestCounters.INPUT_FILES).increment(1);
        String imageId = null;
        try {
            byte[] bytes = readFile(entry.uri(), context);
            context.getCounter(IngestCounters.BYTES_READ).increment(bytes.length);
            imageId = HexFormat.of().formatHex(sha256.digest(bytes));
            ImageHeader header = inspector.inspect(bytes);
            ImageRecord record = ImageRecord.newBuilder()
                    .setImageId(imageId)
                    .setSourceUri(entry.uri())
                    .setFormat(header.format())
                    .setWidth(header.width())
                    .setHeight(header.height())
                    .setByteSize(bytes.length)
                    .setBytes(ByteBuffer.wrap(bytes))
                    .setIngestedAt(Instant.ofEpochMilli(ingestedAt))
                    .setAttributes(entry.attributes())
                    .setDecodeChecked(inspector.decodeChecks())
                    .build();
            emit(imageId, record, context);
        } catch (RejectedImage rejected) {
            ImageError error = ImageError.newBuilder()
                    .setImageId(imageId)
                    .setSourceUri(entry.uri())
                    .setStage(Stage.INGEST.partitionName())
                    .setErrorClass(rejected.reason())
                    .setMessage(entry.uri() + ": " + rejected.getMessage())
                    .setAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                    .build();
            emit(ERROR_KEY_PREFIX + entry.uri(), error, context);
        }
    }

    private void emit(String key, Object value, Context context) throws IOException, InterruptedException {
        outKey.set(key);
        outValue.datum(value);
        context.write(outKey, outValue);
    }

    /** The whole file, or the reason it cannot be had. */
    private byte[] readFile(String uri, Context context) throws RejectedImage {
        Path path = new Path(uri);
        try {
            FileSystem fs = path.getFileSystem(context.getConfiguration());
            FileStatus status = fs.getFileStatus(path);
            if (!status.isFile()) {
                throw new RejectedImage("NotAFile", "is a directory, not a file");
            }
            long length = status.getLen();
            if (length == 0) {
                throw new RejectedImage("EmptyFile", "the file is empty (0 bytes)");
            }
            if (length > maxFileBytes) {
                throw new RejectedImage("TooLarge", "the file has " + length + " bytes, above the limit of "
                        + maxFileBytes + " (" + IngestTool.MAX_FILE_BYTES + ")");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(path)) {
                IOUtils.readFully(in, bytes, 0, bytes.length);
            }
            return bytes;
        } catch (FileNotFoundException e) {
            throw new RejectedImage("NotFound", "no such file", e);
        } catch (IOException e) {
            throw new RejectedImage("Unreadable", "the file cannot be read: " + ImageHeader.describe(e), e);
        }
    }
}
