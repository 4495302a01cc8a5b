package dev.argus.jobs.detect;

import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroOutputFormatBase;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;

/**
 * The detect job's one output, split by record type into Avro files that each carry their own schema:
 * {@link ImageDetections} into {@code part-m-NNNNN.avro}, {@link ImageError}s into
 * {@code <stage>-m-NNNNN.avro} ({@code decode-…}, {@code inference-…}). All of a task's files are
 * committed together by the task's one committer, so a retried task never leaves half its output.
 *
 * <p>Why not Avro's MultipleOutputs: with one {@code context.write} for both kinds the mapper stays a
 * plain function of its input (and testable with MRUnit, which cannot see side outputs under JUnit 5),
 * and files are only created for the kinds a task actually produced.
 */
public final class DetectOutputFormat extends AvroOutputFormatBase<AvroKey<SpecificRecord>, NullWritable> {

    /** The job output file name prefix of a stage's errors. */
    public static String errorFilePrefix(Stage stage) {
        return stage.partitionName();
    }

    @Override
    public RecordWriter<AvroKey<SpecificRecord>, NullWritable> getRecordWriter(TaskAttemptContext context) {
        return new SplittingWriter(context);
    }

    private final class SplittingWriter extends RecordWriter<AvroKey<SpecificRecord>, NullWritable> {
        private final TaskAttemptContext context;
        private final Map<String, DataFileWriter<SpecificRecord>> writers = new HashMap<>();

        SplittingWriter(TaskAttemptContext context) {
            this.context = context;
        }

        @Override
        public void write(AvroKey<SpecificRecord> key, NullWritable ignored) throws IOException {
            SpecificRecord record = key.datum();
            String prefix;
            if (record instanceof ImageDetections) {
                prefix = "part";
            } else if (record instanceof ImageError error) {
                prefix = errorFilePrefix(stageOf(error));
            } else {
                throw new IOException("argus detect writes ImageDetections and ImageError records, not "
                        + (record == null ? "null" : record.getClass().getName()));
            }
            writerFor(prefix, record.getSchema()).append(record);
        }

        private DataFileWriter<SpecificRecord> writerFor(String prefix, Schema schema) throws IOException {
            DataFileWriter<SpecificRecord> writer = writers.get(prefix);
            if (writer == null) {
                Path work = ((PathOutputCommitter) getOutputCommitter(context)).getWorkPath();
                Path file = new Path(work, getUniqueFile(context, prefix, ".avro"));
                writer = new DataFileWriter<SpecificRecord>(new SpecificDatumWriter<>(schema));
                writer.setCodec(getCompressionCodec(context));
                writer.setSyncInterval(getSyncInterval(context));
                writer.create(schema, file.getFileSystem(context.getConfiguration()).create(file, false));
                writers.put(prefix, writer);
            }
            return writer;
        }

        @Override
        public void close(TaskAttemptContext ignored) throws IOException {
            for (DataFileWriter<SpecificRecord> writer : writers.values()) {
                writer.close();
            }
        }
    }

    private static Stage stageOf(ImageError error) throws IOException {
        for (Stage stage : Stage.DETECT) {
            if (stage.partitionName().equals(error.getStage())) {
                return stage;
            }
        }
        throw new IOException("image " + error.getImageId() + " failed in an unknown stage '" + error.getStage() + "'");
    }
}
