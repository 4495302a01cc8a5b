package dev.argus.jobs.stats;

import java.io.IOException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** All tallies of one class in; one {@link ClassStats} record out (count, mean score, COCO size histogram). */
public class StatsReducer extends Reducer<Text, ClassTally, AvroKey<GenericRecord>, NullWritable> {

    private final ClassTally merged = new ClassTally();
    private final AvroKey<GenericRecord> out = new AvroKey<>();

    @Override
    protected void reduce(Text label, Iterable<ClassTally> tallies, Context context) throws IOException, InterruptedException {
        merged.clear();
        for (ClassTally t : tallies) {
            merged.merge(t);
        }
        out.datum(ClassStats.record(label.toString(), merged));
        context.write(out, NullWritable.get());
        context.getCounter(StatsCounters.CLASSES).increment(1);
        context.getCounter(StatsCounters.TALLIED).increment(merged.count());
    }
}
