package dev.argus.jobs.partition;

import java.io.IOException;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReaderWrapper;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Avro container files read as {@link AvroKeyInputFormat} reads them, but many small files per map task
 * (Hadoop's {@link CombineFileInputFormat}, up to a block of bytes per split unless
 * {@code mapreduce.input.fileinputformat.split.maxsize} says otherwise).
 *
 * <p>A detections partition has one small file per detect map task (about a thousand images' boxes in a
 * few hundred KB), so reading it with one map per file gives stats and evaluate a map task, with its
 * start-up and set-up, per few hundred KB; evaluate's set-up reads the whole ground truth, which made
 * its cost per image grow with the partition (see mapreduce-jobs' README, "Scale").
 */
public final class CombinedAvroKeyInputFormat<T> extends CombineFileInputFormat<AvroKey<T>, NullWritable> {

    /** Bytes per split when nothing else is configured: one HDFS block at its default size. */
    static final long DEFAULT_SPLIT_BYTES = 128L << 20;

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        if (job.getConfiguration().get(FileInputFormat.SPLIT_MAXSIZE) == null) {
            // unset, CombineFileInputFormat would put every file of a node into one split
            setMaxSplitSize(job.getConfiguration().getLongBytes("dfs.blocksize", DEFAULT_SPLIT_BYTES));
        }
        return super.getSplits(job);
    }

    @Override
    public RecordReader<AvroKey<T>, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<? extends RecordReader<AvroKey<T>, NullWritable>> perFile = (Class) OneFile.class;
        return new CombineFileRecordReader<>((CombineFileSplit) split, context, perFile);
    }

    /** One file of a combined split, through Avro's own reader (the schema comes from the job, as usual). */
    static final class OneFile<T> extends CombineFileRecordReaderWrapper<AvroKey<T>, NullWritable> {
        OneFile(CombineFileSplit split, TaskAttemptContext context, Integer index) throws IOException, InterruptedException {
            super(new AvroKeyInputFormat<>(), split, context, index);
        }
    }
}
