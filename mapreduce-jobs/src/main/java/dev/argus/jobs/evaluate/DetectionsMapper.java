package dev.argus.jobs.evaluate;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * First job, detections side: one detections record in, its detections out under the image's file
 * name (to meet the image's truth in {@link ImageMatchReducer}). Labels become category ids by name; a
 * label the truth lacks fails the task, as the metrics would otherwise silently leave it out.
 */
public class DetectionsMapper extends Mapper<AvroKey<ImageDetections>, NullWritable, Text, ImageEvidence> {

    private Map<String, Integer> categoryOfLabel;
    private final Text image = new Text();

    @Override
    protected void setup(Context context) throws IOException {
        categoryOfLabel = EvaluationCategories.from(context.getConfiguration()).idsByName();
    }

    @Override
    protected void map(AvroKey<ImageDetections> record, NullWritable ignored, Context context)
            throws IOException, InterruptedException {
        ImageDetections d = record.datum();
        List<Detection> found = d.getDetections();
        int[] categories = new int[found.size()];
        float[] boxes = new float[5 * found.size()];
        for (int i = 0; i < found.size(); i++) {
            Detection x = found.get(i);
            String label = x.getLabel().toString();
            Integer category = categoryOfLabel.get(label);
            if (category == null) {
                throw new IOException("the model's label '" + label + "' (image " + d.getSourceUri()
                        + ") is not a category of the ground truth " + categoryOfLabel.keySet());
            }
            categories[i] = category;
            boxes[5 * i] = x.getX1();
            boxes[5 * i + 1] = x.getY1();
            boxes[5 * i + 2] = x.getX2();
            boxes[5 * i + 3] = x.getY2();
            boxes[5 * i + 4] = x.getScore();
        }
        image.set(TruthStream.baseName(d.getSourceUri().toString()));
        context.write(image, ImageEvidence.detections(categories, boxes));
    }
}
