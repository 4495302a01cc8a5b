package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.ShippedBundle;
import dev.argus.jobs.detect.model.ThreadBudget;
import dev.argus.jobs.partition.ModelChoice;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.Lineage;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageRecord;
import java.io.IOException;
import java.util.Map;
import java.time.LocalDate;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * The map-only MapReduce job of {@code argus detect}: how it is set up, why it failed, and how its
 * staged output becomes the layout's partitions.
 */
final class DetectJob {

    private DetectJob() {
    }

    /** The job over {@code date}'s shards, writing into {@code output}, with the bundle shipped to its tasks. */
    static Job create(Configuration conf, ArgusLayout layout, ModelChoice model, LocalDate date, Path output)
            throws IOException {
        DetectConfig.MODEL_NAME.set(conf, model.name());
        DetectConfig.MODEL_VERSION.set(conf, model.version());
        conf.setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false); // ArgusLayout.publish writes it
        ThreadBudget.forMapTask(conf).exportTo(conf);
        dev.argus.jobs.TaskMemory.bound(conf); // native memory past the container fails in JavaCPP, not as a kill

        Job job = Job.getInstance(conf, "argus detect " + model + " dt=" + date);
        job.setJarByClass(DetectJob.class);
        job.setInputFormatClass(AvroKeyInputFormat.class);
        AvroJob.setInputKeySchema(job, ImageRecord.getClassSchema());
        AvroJob.setDataModelClass(job, SpecificData.class);
        FileInputFormat.addInputPath(job, layout.shards(date));
        job.setMapperClass(DetectMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(AvroKey.class);
        job.setOutputValueClass(NullWritable.class);
        job.setOutputFormatClass(DetectOutputFormat.class);
        FileOutputFormat.setCompressOutput(job, true);
        job.getConfiguration().setIfUnset(AvroJob.CONF_OUTPUT_CODEC, "deflate");
        FileOutputFormat.setOutputPath(job, output);
        ShippedBundle.ship(job, layout.model(model.name(), model.version()));
        return job;
    }

    /** Errors partitions first, detections last: see {@link DetectTool}'s class comment. */
    static void publish(ArgusLayout layout, ModelChoice model, LocalDate date, Path staging, Path output,
            Map<String, String> builtFrom) throws IOException {
        FileSystem fs = layout.fileSystem();
        String job = ArgusLayout.detectJob(model.name(), model.version());
        java.util.List<ArgusLayout.Publication> publications = new java.util.ArrayList<>();
        for (Stage stage : Stage.DETECT) {
            Path errors = new Path(staging, "errors-" + stage.partitionName());
            fs.mkdirs(errors); // no errors is a result too, and it must replace an older run's errors
            String prefix = DetectOutputFormat.errorFilePrefix(stage) + "-";
            for (FileStatus file : fs.listStatus(output, p -> p.getName().startsWith(prefix))) {
                Path target = new Path(errors, file.getPath().getName());
                if (!fs.rename(file.getPath(), target)) {
                    throw new IOException("could not move " + file.getPath() + " to " + target);
                }
            }
            publications.add(new ArgusLayout.Publication(errors, layout.errors(stage, date, job), Lineage.builtFrom(builtFrom)));
        }
        publications.add(new ArgusLayout.Publication(output, layout.detections(model.name(), model.version(), date),
                Lineage.builtFrom(builtFrom)));
        layout.publishTogether(publications);
    }

    /** The job's failure info plus the first failed task's diagnostics (the exception a user needs to see). */
    static String failureOf(Job job) throws IOException, InterruptedException {
        StringBuilder why = new StringBuilder(String.valueOf(job.getStatus().getFailureInfo()));
        for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 100)) {
            if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
                String[] diagnostics = job.getTaskDiagnostics(event.getTaskAttemptId());
                if (diagnostics != null && diagnostics.length > 0) {
                    why.append("; ").append(event.getTaskAttemptId()).append(": ").append(diagnostics[0].lines().findFirst().orElse(""));
                    return why.toString();
                }
            }
        }
        // the LocalJobRunner keeps no task diagnostics; it logs the task's exception instead
        return why.append(" (the failed task's exception is logged above)").toString();
    }
}
