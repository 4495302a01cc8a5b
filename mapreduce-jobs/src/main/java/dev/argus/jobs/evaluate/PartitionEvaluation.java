package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.jobs.partition.CombinedAvroKeyInputFormat;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.CocoMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * COCO metrics of a detections partition (what {@code argus detect} wrote) against a COCO annotation
 * file, as a MapReduce job for sets too big for one machine:
 * <pre>
 *   detections/model=M/version=V/dt=D ─▶ map: match image to annotations by file name, split its
 *   detections by category ─▶ shuffle by category ─▶ reduce: one-category COCO evaluation over every
 *   annotated image ─▶ staging part-r-* (one JSON line per category) ─▶ driver: mean over categories
 * </pre>
 * The per-category split is exact: the COCO summaries are means over categories (see
 * {@link CocoMetrics#combine}).
 */
public final class PartitionEvaluation {

    private PartitionEvaluation() {
    }

    /** The outcome: metrics plus how many records matched the annotations. */
    public record Outcome(CocoMetrics metrics, long imagesMatched, long imagesNotAnnotated) {
    }

    public static Outcome run(Configuration base, ArgusLayout layout, String model, String version, LocalDate date,
                              Path truthFile) throws IOException, InterruptedException, ClassNotFoundException {
        Path partition = layout.detections(model, version, date);
        if (!layout.isComplete(partition)) {
            throw new IOException("detections partition " + partition + " is missing or incomplete (no "
                    + ArgusLayout.SUCCESS_MARKER + "); run argus detect first");
        }
        TruthFile.checkReadable(truthFile, base);
        Configuration conf = new Configuration(base);
        conf.set(TruthFile.CONF_KEY, truthFile.makeQualified(truthFile.getFileSystem(conf).getUri(),
                truthFile.getFileSystem(conf).getWorkingDirectory()).toString());
        TruthFile truth = TruthFile.read(conf);
        Path output = layout.newStagingDir("evaluate");
        Job job = Job.getInstance(conf, "argus evaluate " + model + "/" + version + " dt=" + date);
        job.setJarByClass(PartitionEvaluation.class);
        // one small file per detect map: many of them per map task (see CombinedAvroKeyInputFormat)
        job.setInputFormatClass(CombinedAvroKeyInputFormat.class);
        AvroJob.setInputKeySchema(job, ImageDetections.getClassSchema());
        AvroJob.setDataModelClass(job, SpecificData.class);
        FileInputFormat.addInputPath(job, partition);
        job.setMapperClass(EvaluateMapper.class);
        job.setMapOutputKeyClass(IntWritable.class);
        job.setMapOutputValueClass(Text.class);
        job.setReducerClass(EvaluateReducer.class);
        job.setNumReduceTasks(Math.max(1, Math.min(truth.categories().size(), 8)));
        job.setOutputFormatClass(TextOutputFormat.class);
        job.setOutputKeyClass(NullWritable.class);
        job.setOutputValueClass(Text.class);
        FileOutputFormat.setOutputPath(job, output);
        FileSystem fs = output.getFileSystem(conf);
        try {
            if (!job.waitForCompletion(false)) {
                throw new IOException("the evaluation job " + job.getJobID() + " failed: " + job.getStatus().getFailureInfo());
            }
            List<CocoMetrics> perCategory = readCategories(fs, output);
            Set<Integer> seen = new HashSet<>();
            perCategory.forEach(m -> m.perClass().forEach(c -> seen.add(c.classId())));
            for (CocoAnnotations.Category c : truth.categories()) {
                if (!seen.contains(c.id())) { // no detection of it anywhere: every object missed
                    perCategory.add(EvaluateReducer.evaluate(truth, c.id(), c.name(), Map.of()));
                }
            }
            perCategory.sort((a, b) -> Integer.compare(a.perClass().get(0).classId(), b.perClass().get(0).classId()));
            var counters = job.getCounters();
            return new Outcome(CocoMetrics.combine(perCategory),
                    counters.findCounter(EvaluateMapper.Counters.IMAGES_MATCHED).getValue(),
                    counters.findCounter(EvaluateMapper.Counters.IMAGES_NOT_ANNOTATED).getValue());
        } finally {
            fs.delete(output, true);
        }
    }

    private static List<CocoMetrics> readCategories(FileSystem fs, Path output) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<CocoMetrics> out = new ArrayList<>();
        for (FileStatus part : fs.listStatus(output, p -> p.getName().startsWith("part-"))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        out.add(json.readValue(line.trim(), CocoMetrics.class));
                    }
                }
            }
        }
        return out;
    }
}
