package dev.argus.jobs.evaluate;

import dev.argus.zoo.eval.CocoEvaluator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * One int per COCO area range ({@link CocoEvaluator.AreaRange} order): a detection's match flags, or
 * the truth boxes of one image and class that count.
 */
public final class AreaValues implements Writable {

    private final int[] values = new int[CocoEvaluator.AreaRange.values().length];

    int get(int area) {
        return values[area];
    }

    AreaValues set(int area, int value) {
        values[area] = value;
        return this;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        for (int v : values) {
            WritableUtils.writeVInt(out, v);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = WritableUtils.readVInt(in);
        }
    }
}
