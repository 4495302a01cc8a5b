package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.eval.CocoEvaluator;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.GroundTruth;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * One category: every annotated image (those without a detections record count their objects as
 * missed) with that category's detections, through a one-category {@link CocoEvaluator}; writes that
 * category's metrics as one JSON line. Images are added in file-name order, so ties in score across
 * images rank the same on every run (pycocotools ranks them in image-id order instead).
 */
public class EvaluateReducer extends Reducer<IntWritable, Text, NullWritable, Text> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TruthFile truth;
    private final Text line = new Text();

    @Override
    protected void setup(Context context) throws IOException {
        truth = TruthFile.read(context.getConfiguration());
    }

    @Override
    protected void reduce(IntWritable category, Iterable<Text> records, Context context)
            throws IOException, InterruptedException {
        String label = null;
        for (CocoAnnotations.Category c : truth.categories()) {
            if (c.id() == category.get()) {
                label = c.name();
            }
        }
        Map<String, List<Detection>> found = new TreeMap<>();
        for (Text t : records) {
            ImageClassRecord r = ImageClassRecord.parse(t.toString());
            if (found.put(r.image(), r.toDetections(category.get(), label)) != null) {
                context.getCounter(EvaluateMapper.Counters.DUPLICATE_RECORDS).increment(1);
            }
        }
        line.set(JSON.writeValueAsString(evaluate(truth, category.get(), label, found)));
        context.write(NullWritable.get(), line);
    }

    /** One category over every annotated image; {@code found} holds the detections per image name. */
    static CocoMetrics evaluate(TruthFile truth, int category, String label, Map<String, List<Detection>> found) {
        CocoEvaluator eval = new CocoEvaluator(Map.of(category, label));
        Map<String, GroundTruth> images = new TreeMap<>(truth.byName());
        for (Map.Entry<String, GroundTruth> image : images.entrySet()) {
            eval.add(image.getValue(), found.getOrDefault(image.getKey(), List.of()));
        }
        return eval.metrics();
    }
}
