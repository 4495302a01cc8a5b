package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.eval.CocoEvaluator;
import dev.argus.zoo.eval.CocoMetrics;
import dev.argus.zoo.eval.PrecisionAccumulator;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Second job, one category: its truth counts, then its detections in COCO's ranking (the shuffle sorted
 * them, {@link RankedMatchKey}), into one {@link PrecisionAccumulator} per area range; writes the
 * category's metrics as one JSON line. Memory stays the same whatever the number of images.
 */
public class CategoryCurveReducer extends Reducer<RankedMatchKey, AreaValues, NullWritable, Text> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AREAS = CocoEvaluator.AreaRange.values().length;

    private EvaluationCategories categories;
    private final Text line = new Text();

    @Override
    protected void setup(Context context) throws IOException {
        categories = EvaluationCategories.from(context.getConfiguration());
    }

    @Override
    protected void reduce(RankedMatchKey key, Iterable<AreaValues> values, Context context)
            throws IOException, InterruptedException {
        int category = key.category();
        long[] counted = new long[AREAS];
        PrecisionAccumulator[] curves = null;
        long detections = 0;
        for (AreaValues v : values) { // the key changes with each value: Hadoop reads them in pairs
            if (key.isTruthCount()) {
                for (int a = 0; a < AREAS; a++) {
                    counted[a] += v.get(a);
                }
                continue;
            }
            if (curves == null) {
                curves = PrecisionAccumulator.perAreaRange(counted);
            }
            detections++;
            for (int a = 0; a < AREAS; a++) {
                if (curves[a] != null) {
                    curves[a].add(v.get(a));
                }
            }
        }
        if (curves == null) {
            curves = PrecisionAccumulator.perAreaRange(counted);
        }
        CocoMetrics metrics = CocoEvaluator.classMetrics(category, categories.nameOf(category), curves, 0,
                counted[CocoEvaluator.AreaRange.ALL.ordinal()], detections);
        line.set(JSON.writeValueAsString(metrics));
        context.write(NullWritable.get(), line);
    }
}
