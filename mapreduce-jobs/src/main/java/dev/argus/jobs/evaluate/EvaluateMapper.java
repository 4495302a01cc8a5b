package dev.argus.jobs.evaluate;

import dev.argus.layout.avro.ImageDetections;
import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.GroundTruth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * One detections record in; for each category the image has detections of, one
 * {@link ImageClassRecord} out, keyed by the category id. Detections are matched to categories by
 * label name. Records of images the annotations do not know are counted and skipped.
 */
public class EvaluateMapper extends Mapper<AvroKey<ImageDetections>, NullWritable, IntWritable, Text> {

    /** Counters of a partition evaluation. */
    public enum Counters { IMAGES_MATCHED, IMAGES_NOT_ANNOTATED, DUPLICATE_RECORDS }

    private TruthFile truth;
    private final Map<String, Integer> categoryOfLabel = new HashMap<>();
    private final IntWritable key = new IntWritable();
    private final Text value = new Text();

    @Override
    protected void setup(Context context) throws IOException {
        truth = TruthFile.read(context.getConfiguration());
        for (CocoAnnotations.Category c : truth.categories()) {
            categoryOfLabel.put(c.name(), c.id());
        }
    }

    @Override
    protected void map(AvroKey<ImageDetections> record, NullWritable ignored, Context context)
            throws IOException, InterruptedException {
        ImageDetections d = record.datum();
        GroundTruth gt = truth.forSource(d.getSourceUri().toString());
        if (gt == null) {
            context.getCounter(Counters.IMAGES_NOT_ANNOTATED).increment(1);
            return;
        }
        context.getCounter(Counters.IMAGES_MATCHED).increment(1);
        Map<Integer, List<Detection>> byCategory = new HashMap<>();
        for (dev.argus.layout.avro.Detection x : d.getDetections()) {
            String label = x.getLabel().toString();
            Integer category = categoryOfLabel.get(label);
            if (category == null) {
                throw new IOException("the model's label '" + label + "' (image " + d.getSourceUri()
                        + ") is not a category of the ground truth " + categoryOfLabel.keySet());
            }
            byCategory.computeIfAbsent(category, k -> new ArrayList<>())
                    .add(new Detection(category, label, x.getScore(), x.getX1(), x.getY1(), x.getX2(), x.getY2()));
        }
        String image = TruthFile.baseName(d.getSourceUri().toString());
        for (Map.Entry<Integer, List<Detection>> e : byCategory.entrySet()) {
            key.set(e.getKey());
            value.set(ImageClassRecord.of(image, e.getValue()).toJson());
            context.write(key, value);
        }
    }
}
