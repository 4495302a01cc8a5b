package dev.argus.jobs.ingest;

import java.io.IOException;

import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;

/**
 * Each reducer writes one shard. All copies of an image arrive under one key (its SHA-256); the
 * copy with the smallest source URI is packed, so a rerun keeps the same one, and the rest are
 * counted as duplicates. Errors pass through to the errors output.
 */
public class IngestReducer extends Reducer<Text, AvroValue<Object>, AvroKey<ImageRecord>, NullWritable> {

    /** Named output for errors; its files land in {@value #ERRORS_DIR}/ under the job output. */
    static final String ERRORS_OUTPUT = "errors";
    static final String ERRORS_DIR = "errors";

    private AvroMultipleOutputs outputs;
    private final AvroKey<ImageRecord> outKey = new AvroKey<>();

    @Override
    protected void setup(Context context) {
        outputs = new AvroMultipleOutputs(context);
    }

    @Override
    protected void reduce(Text key, Iterable<AvroValue<Object>> values, Context context)
            throws IOException, InterruptedException {
        ImageRecord kept = null;
        for (AvroValue<Object> value : values) {
            Object datum = value.datum();
            if (datum instanceof ImageError error) {
                outputs.write(ERRORS_OUTPUT, new AvroKey<>(error), NullWritable.get(), ERRORS_DIR + "/part");
                context.getCounter(IngestCounters.ERRORS).increment(1);
                context.getCounter(IngestCounters.ERROR_REASONS, error.getErrorClass()).increment(1);
            } else if (datum instanceof ImageRecord record) {
                if (kept == null) {
                    kept = copy(record); // the framework reuses the value object for the next one
                } else {
                    context.getCounter(IngestCounters.DUPLICATES).increment(1);
                    if (record.getSourceUri().compareTo(kept.getSourceUri()) < 0) {
                        kept = copy(record);
                    }
                }
            } else {
                throw new IllegalStateException("unexpected value " + datum + " under key " + key);
            }
        }
        if (kept != null) {
            outKey.datum(kept);
            context.write(outKey, NullWritable.get());
            context.getCounter(IngestCounters.PACKED).increment(1);
            context.getCounter(IngestCounters.PACKED_BYTES).increment(kept.getByteSize());
        }
    }

    private static ImageRecord copy(ImageRecord record) {
        return ImageRecord.newBuilder(record).build();
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        outputs.close();
    }
}
