package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.jobs.partition.CombinedAvroKeyInputFormat;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.CocoEvaluator;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.PrecisionAccumulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * COCO metrics of a detections partition (what {@code argus detect} wrote) against a COCO annotation
 * file, as two MapReduce jobs — pycocotools' evaluate and accumulate — so that no task holds the whole
 * truth or all detections, whatever the number of images:
 * <pre>
 *   annotations.json ─▶ driver streams it: per image a marker and its boxes, by file name ─┐
 *   detections/model=M/version=V/dt=D ─▶ map: detections by file name ───────────────────────┴▶
 *   1. reduce per image: match detections to truth (COCO's per-image matching) ─▶ per category the
 *      truth that counts and each detection's match flags, keyed for ranking
 *   2. shuffle sorts each category by descending score ─▶ reduce per category: precision curves in one
 *      pass ─▶ one JSON line per category ─▶ driver: mean over categories
 * </pre>
 * The per-category split is exact: the COCO summaries are means over categories (see
 * {@link CocoMetrics#combine}); ties in score rank by image file name.
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
        Configuration conf = new Configuration(base);
        Path staging = layout.newStagingDir("evaluate");
        FileSystem fs = staging.getFileSystem(conf);
        try {
            Path truth = new Path(staging, "truth.seq");
            TruthStream.Summary summary = TruthStream.write(truthFile, conf, truth);
            summary.categories().writeTo(conf);

            Job match = Job.getInstance(conf, "argus evaluate " + model + "/" + version + " dt=" + date + ": match images");
            match.setJarByClass(PartitionEvaluation.class);
            // one small file per detect map: many of them per map task (see CombinedAvroKeyInputFormat)
            MultipleInputs.addInputPath(match, partition, CombinedAvroKeyInputFormat.class, DetectionsMapper.class);
            MultipleInputs.addInputPath(match, truth, SequenceFileInputFormat.class, Mapper.class);
            AvroJob.setInputKeySchema(match, ImageDetections.getClassSchema());
            AvroJob.setDataModelClass(match, SpecificData.class);
            match.setMapOutputKeyClass(Text.class);
            match.setMapOutputValueClass(ImageEvidence.class);
            match.setReducerClass(ImageMatchReducer.class);
            match.setOutputFormatClass(SequenceFileOutputFormat.class);
            match.setOutputKeyClass(RankedMatchKey.class);
            match.setOutputValueClass(AreaValues.class);
            Path matches = new Path(staging, "matches");
            FileOutputFormat.setOutputPath(match, matches);
            complete(match);

            Job rank = Job.getInstance(conf, "argus evaluate " + model + "/" + version + " dt=" + date + ": rank categories");
            rank.setJarByClass(PartitionEvaluation.class);
            rank.setInputFormatClass(SequenceFileInputFormat.class);
            FileInputFormat.addInputPath(rank, matches);
            rank.setMapOutputKeyClass(RankedMatchKey.class);
            rank.setMapOutputValueClass(AreaValues.class);
            rank.setGroupingComparatorClass(RankedMatchKey.ByCategory.class);
            rank.setReducerClass(CategoryCurveReducer.class);
            rank.setNumReduceTasks(Math.max(1, Math.min(summary.categories().list().size(), 8)));
            rank.setOutputFormatClass(TextOutputFormat.class);
            rank.setOutputKeyClass(NullWritable.class);
            rank.setOutputValueClass(Text.class);
            Path categoryLines = new Path(staging, "categories");
            FileOutputFormat.setOutputPath(rank, categoryLines);
            complete(rank);

            List<CocoMetrics> perCategory = readCategories(fs, categoryLines);
            Set<Integer> seen = new HashSet<>();
            perCategory.forEach(m -> m.perClass().forEach(c -> seen.add(c.classId())));
            for (CocoAnnotations.Category c : summary.categories().list()) {
                if (!seen.contains(c.id())) { // neither truth nor detections of it anywhere: left out of the means
                    perCategory.add(CocoEvaluator.classMetrics(c.id(), c.name(),
                            PrecisionAccumulator.perAreaRange(new long[CocoEvaluator.AreaRange.values().length]), 0, 0, 0));
                }
            }
            perCategory.sort((a, b) -> Integer.compare(a.perClass().get(0).classId(), b.perClass().get(0).classId()));
            var counters = match.getCounters();
            // the reducers saw only the images with a category's truth or detections: the set has them all
            return new Outcome(CocoMetrics.combine(perCategory).withImages(summary.images()),
                    counters.findCounter(ImageMatchReducer.Counters.IMAGES_MATCHED).getValue(),
                    counters.findCounter(ImageMatchReducer.Counters.IMAGES_NOT_ANNOTATED).getValue());
        } finally {
            fs.delete(staging, true);
        }
    }

    private static void complete(Job job) throws IOException, InterruptedException, ClassNotFoundException {
        if (!job.waitForCompletion(false)) {
            throw new IOException("the evaluation job " + job.getJobID() + " (" + job.getJobName() + ") failed: "
                    + job.getStatus().getFailureInfo());
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
