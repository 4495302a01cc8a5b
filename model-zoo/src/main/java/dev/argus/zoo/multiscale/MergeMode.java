package dev.argus.zoo.multiscale;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the detections of one image's tiles and scales become one list. */
public enum MergeMode {

    /** Keep the best box of each overlapping group (IoU), drop the rest. */
    NMS("nms"),
    /** Greedy non-maximum merging by IoU: each group becomes the union of its boxes with the best score. */
    NMM_IOU("nmm-iou"),
    /**
     * Greedy non-maximum merging by intersection over the smaller box: a half seen by one tile lies
     * inside the whole seen by its neighbour, so the two are merged even though their IoU is low.
     */
    NMM_IOS("nmm-ios");

    /**
     * NMS: on the small-object set it scored as well as IoU merging with slices and better with a
     * pyramid (a union of a tight and a loose box is loose); IoS merging swallows a tile's tight box into
     * a loose box from a coarser pass that contains it (see the README's table).
     */
    public static final MergeMode DEFAULT = NMS;

    private final String option;

    MergeMode(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static MergeMode parse(String text) {
        for (MergeMode m : values()) {
            if (m.option.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("merge must be one of "
                + Arrays.stream(values()).map(MergeMode::option).collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }
}
