package dev.argus.layout;

import java.util.List;
import java.util.Locale;

/**
 * Where an image can fail on its way from a raw file to detections. The lower-case name is both the
 * errors partition's {@code stage=} and the {@code stage} field of its {@code ImageError} records.
 */
public enum Stage {
    /** ingest: the bytes are not an image Argus packs (bad header, too many pixels, corrupt data). */
    INGEST,
    /** detect: a packed image does not decode. */
    DECODE,
    /** detect: the detector failed on the image. */
    INFERENCE;

    /** The stages a detect run can fail an image in, in the order it meets them. */
    public static final List<Stage> DETECT = List.of(DECODE, INFERENCE);

    public String partitionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
