package dev.argus.jobs.stats;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** One image's detections in; one single-box tally per detection out, keyed by class name. */
public class StatsMapper extends Mapper<AvroKey<ImageDetections>, NullWritable, Text, ClassTally> {

    public static final String MIN_SCORE = "argus.stats.min.score";

    private final Text label = new Text();
    private final ClassTally one = new ClassTally();
    private float minScore;

    @Override
    protected void setup(Context context) {
        minScore = context.getConfiguration().getFloat(MIN_SCORE, 0f);
    }

    @Override
    protected void map(AvroKey<ImageDetections> key, NullWritable value, Context context)
            throws IOException, InterruptedException {
        ImageDetections image = key.datum();
        context.getCounter(StatsCounters.IMAGES).increment(1);
        if (image.getDetections().isEmpty()) {
            context.getCounter(StatsCounters.IMAGES_WITHOUT_DETECTIONS).increment(1);
        }
        for (Detection d : image.getDetections()) {
            context.getCounter(StatsCounters.DETECTIONS).increment(1);
            if (d.getScore() < minScore) {
                context.getCounter(StatsCounters.BELOW_MIN_SCORE).increment(1);
                continue;
            }
            label.set(d.getLabel());
            one.clear();
            one.add(d.getScore(), d.getX1(), d.getY1(), d.getX2(), d.getY2());
            context.write(label, one);
        }
    }
}
