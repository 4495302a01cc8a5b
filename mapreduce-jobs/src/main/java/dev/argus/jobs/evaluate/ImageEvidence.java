package dev.argus.jobs.evaluate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * What the first evaluation job gathers under an image's file name: the truth's word that the image is
 * annotated, each of its truth boxes (objects and crowd regions), and the detections a record holds.
 * Boxes are corner coordinates {@code x1, y1, x2, y2}, a detection's followed by its score.
 */
public final class ImageEvidence implements Writable {

    /** Which piece of evidence this is. */
    enum Kind { ANNOTATED_IMAGE, OBJECT, CROWD, DETECTIONS }

    private Kind kind;
    private int[] categories = new int[0];
    private float[] values = new float[0];

    public ImageEvidence() {
    }

    private ImageEvidence(Kind kind, int[] categories, float[] values) {
        this.kind = kind;
        this.categories = categories;
        this.values = values;
    }

    static ImageEvidence annotatedImage() {
        return new ImageEvidence(Kind.ANNOTATED_IMAGE, new int[0], new float[0]);
    }

    static ImageEvidence truthBox(boolean crowd, int category, float x1, float y1, float x2, float y2) {
        return new ImageEvidence(crowd ? Kind.CROWD : Kind.OBJECT, new int[]{category}, new float[]{x1, y1, x2, y2});
    }

    /** {@code boxes}: five values per detection, corners then score. */
    static ImageEvidence detections(int[] categories, float[] boxes) {
        if (boxes.length != 5 * categories.length) {
            throw new IllegalArgumentException(categories.length + " detections need " + 5 * categories.length + " values");
        }
        return new ImageEvidence(Kind.DETECTIONS, categories, boxes);
    }

    Kind kind() {
        return kind;
    }

    int size() {
        return categories.length;
    }

    int category(int i) {
        return categories[i];
    }

    /** Value {@code v} of entry {@code i}: 0-3 the corners, 4 a detection's score. */
    float value(int i, int v) {
        return values[i * (kind == Kind.DETECTIONS ? 5 : 4) + v];
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        WritableUtils.writeVInt(out, categories.length);
        for (int c : categories) {
            WritableUtils.writeVInt(out, c);
        }
        WritableUtils.writeVInt(out, values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        categories = new int[WritableUtils.readVInt(in)];
        for (int i = 0; i < categories.length; i++) {
            categories[i] = WritableUtils.readVInt(in);
        }
        values = new float[WritableUtils.readVInt(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
    }
}
