package dev.argus.jobs.evaluate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;

/**
 * The second evaluation job's key: the shuffle sorts it into COCO's ranking, so a category's reducer
 * reads its truth counts first and then every detection by descending score — ties by image file name,
 * then by rank within the image — and scores the category in one pass ({@code PrecisionAccumulator}).
 * Partitioned (through {@link #hashCode}) and grouped ({@link ByCategory}) by category alone.
 */
public final class RankedMatchKey implements WritableComparable<RankedMatchKey> {

    private int category;
    private boolean truthCount;
    private float score;
    private final Text image = new Text();
    private int rank;

    RankedMatchKey truthCount(int category, String image) {
        return set(category, true, 0f, image, 0);
    }

    RankedMatchKey detection(int category, float score, String image, int rank) {
        return set(category, false, score, image, rank);
    }

    private RankedMatchKey set(int category, boolean truthCount, float score, String image, int rank) {
        this.category = category;
        this.truthCount = truthCount;
        this.score = score;
        this.image.set(image);
        this.rank = rank;
        return this;
    }

    int category() {
        return category;
    }

    boolean isTruthCount() {
        return truthCount;
    }

    @Override
    public int compareTo(RankedMatchKey o) {
        int c = Integer.compare(category, o.category);
        if (c == 0) {
            c = Boolean.compare(o.truthCount, truthCount); // counts before detections
        }
        if (c == 0) {
            c = Float.compare(o.score, score); // descending
        }
        if (c == 0) {
            c = image.compareTo(o.image);
        }
        return c != 0 ? c : Integer.compare(rank, o.rank);
    }

    /** The category alone: all of a category goes to one reducer. */
    @Override
    public int hashCode() {
        return category;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedMatchKey k && compareTo(k) == 0;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        WritableUtils.writeVInt(out, category);
        out.writeBoolean(truthCount);
        out.writeFloat(score);
        image.write(out);
        WritableUtils.writeVInt(out, rank);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        category = WritableUtils.readVInt(in);
        truthCount = in.readBoolean();
        score = in.readFloat();
        image.readFields(in);
        rank = WritableUtils.readVInt(in);
    }

    /** Groups a reduce call by category, whatever the rest of the key. */
    public static final class ByCategory extends WritableComparator {

        public ByCategory() {
            super(RankedMatchKey.class, true);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public int compare(WritableComparable a, WritableComparable b) {
            return Integer.compare(((RankedMatchKey) a).category, ((RankedMatchKey) b).category);
        }
    }
}
