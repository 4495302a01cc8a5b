package dev.argus.jobs.stats;

import dev.argus.zoo.eval.CocoSize;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * What is known about one class so far: how many boxes, their summed score, and how many fall in each
 * COCO size range. Tallies merge by adding, so they can be combined in any order (map side, combiner,
 * reducer, or in memory by the report).
 */
public final class ClassTally implements Writable {

    private long count;
    private double scoreSum;
    private long small;
    private long medium;
    private long large;

    public ClassTally() {
    }

    /** The tally of a single box. */
    public static ClassTally of(float score, float x1, float y1, float x2, float y2) {
        ClassTally t = new ClassTally();
        t.add(score, x1, y1, x2, y2);
        return t;
    }

    public void add(float score, float x1, float y1, float x2, float y2) {
        count++;
        scoreSum += score;
        switch (CocoSize.ofBox(x2 - x1, y2 - y1)) {
            case SMALL -> small++;
            case MEDIUM -> medium++;
            case LARGE -> large++;
        }
    }

    public void merge(ClassTally other) {
        count += other.count;
        scoreSum += other.scoreSum;
        small += other.small;
        medium += other.medium;
        large += other.large;
    }

    public void clear() {
        count = 0;
        scoreSum = 0;
        small = 0;
        medium = 0;
        large = 0;
    }

    public long count() {
        return count;
    }

    public double meanScore() {
        return count == 0 ? 0 : scoreSum / count;
    }

    public long small() {
        return small;
    }

    public long medium() {
        return medium;
    }

    public long large() {
        return large;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(scoreSum);
        out.writeLong(small);
        out.writeLong(medium);
        out.writeLong(large);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        count = in.readLong();
        scoreSum = in.readDouble();
        small = in.readLong();
        medium = in.readLong();
        large = in.readLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassTally t && t.count == count && Double.compare(t.scoreSum, scoreSum) == 0
                && t.small == small && t.medium == medium && t.large == large;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Double.hashCode(scoreSum);
    }

    @Override
    public String toString() {
        return "ClassTally{count=" + count + ", scoreSum=" + scoreSum + ", small=" + small + ", medium=" + medium
                + ", large=" + large + "}";
    }
}
