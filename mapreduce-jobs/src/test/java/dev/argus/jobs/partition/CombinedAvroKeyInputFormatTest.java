package dev.argus.jobs.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ModelRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition of many small Avro files is read by few map tasks, every record once. */
class CombinedAvroKeyInputFormatTest {

    private static final int FILES = 12;
    private static final int RECORDS_PER_FILE = 50;

    @TempDir
    Path tmp;

    @Test
    void manySmallFilesMakeOneSplitAndEveryRecordIsReadOnce() throws Exception {
        writeFiles();
        Job job = job();
        List<InputSplit> splits = new CombinedAvroKeyInputFormat<ImageDetections>().getSplits(job);
        assertEquals(1, splits.size(), "a few KB of files: one split, where AvroKeyInputFormat makes " + FILES);
        assertEquals(FILES * RECORDS_PER_FILE, readAll(job, splits).size());
    }

    @Test
    void theConfiguredMaximumSplitSizeStillHolds() throws Exception {
        long fileBytes = writeFiles();
        Job job = job();
        FileInputFormat.setMaxInputSplitSize(job, 3 * fileBytes);
        List<InputSplit> splits = new CombinedAvroKeyInputFormat<ImageDetections>().getSplits(job);
        // a split is closed once it reaches the maximum: three or four files of about the same size each
        assertTrue(splits.size() >= FILES / 4 && splits.size() <= FILES / 3, splits.size() + " splits");
        List<String> ids = readAll(job, splits);
        assertEquals(FILES * RECORDS_PER_FILE, ids.size());
        assertEquals(ids.size(), ids.stream().distinct().count(), "no record twice");
    }

    @Test
    void withoutAMaximumASplitHoldsAboutOneBlock() throws Exception {
        long fileBytes = writeFiles();
        Job job = job();
        job.getConfiguration().setLong("dfs.blocksize", 3 * fileBytes);
        List<InputSplit> splits = new CombinedAvroKeyInputFormat<ImageDetections>().getSplits(job);
        assertTrue(splits.size() >= FILES / 4 && splits.size() <= FILES / 3,
                "not every file of the node in one split: " + splits.size() + " splits");
    }

    private Job job() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.defaultFS", "file:///");
        Job job = Job.getInstance(conf);
        AvroJob.setInputKeySchema(job, ImageDetections.getClassSchema());
        AvroJob.setDataModelClass(job, SpecificData.class);
        FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("part").toUri()));
        return job;
    }

    /** Writes the files; returns the size of one. */
    private long writeFiles() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("part"));
        long size = 0;
        for (int f = 0; f < FILES; f++) {
            Path file = tmp.resolve("part").resolve(String.format("part-m-%05d.avro", f));
            try (DataFileWriter<ImageDetections> out = new DataFileWriter<>(new SpecificDatumWriter<>(ImageDetections.class))) {
                out.create(ImageDetections.getClassSchema(), file.toFile());
                for (int r = 0; r < RECORDS_PER_FILE; r++) {
                    out.append(ImageDetections.newBuilder().setImageId(f + "-" + r).setSourceUri("file:/" + f + "/" + r)
                            .setWidth(640).setHeight(480)
                            .setModel(ModelRef.newBuilder().setName("m").setVersion("1").build())
                            .setDetections(List.of()).setInferenceMillis(1f).setProcessedAt(Instant.EPOCH).build());
                }
            }
            size = file.toFile().length();
        }
        return size;
    }

    private static List<String> readAll(Job job, List<InputSplit> splits) throws Exception {
        List<String> ids = new ArrayList<>();
        CombinedAvroKeyInputFormat<ImageDetections> format = new CombinedAvroKeyInputFormat<>();
        for (InputSplit split : splits) {
            TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
            try (RecordReader<AvroKey<ImageDetections>, NullWritable> reader = format.createRecordReader(split, context)) {
                reader.initialize(split, context);
                while (reader.nextKeyValue()) {
                    ids.add(reader.getCurrentKey().datum().getImageId().toString());
                }
            }
        }
        return ids;
    }
}
