package dev.argus.jobs.stats;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Merges a map task's tallies per class before the shuffle: one record per class per task. */
public class ClassTallyCombiner extends Reducer<Text, ClassTally, Text, ClassTally> {

    private final ClassTally merged = new ClassTally();

    @Override
    protected void reduce(Text label, Iterable<ClassTally> tallies, Context context) throws IOException, InterruptedException {
        merged.clear();
        for (ClassTally t : tallies) {
            merged.merge(t);
        }
        context.write(label, merged);
    }
}
