package dev.argus.zoo.multiscale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link MultiScaleDetector} runs per image and how it merges the results.
 *
 * @param pyramid   zoom levels relative to the plain pass: 1 is the whole image as the model's own resize
 *                  sees it; s &gt; 1 covers the image with overlapping windows of 1/s of its width and
 *                  height, each of which the model then sees s times larger. Empty: no pyramid.
 * @param slice     tiles of a fixed size in original pixels, or null for none
 * @param merge     how the passes' detections are joined
 * @param mergeThreshold IoU (nms, nmm-iou) or IoS (nmm-ios) above which two boxes of a class are one object
 * @param maxTiles  model passes allowed per image; a level that would exceed it gets larger windows
 */
public record MultiScaleSpec(List<Double> pyramid, Slice slice, MergeMode merge, double mergeThreshold,
                             int maxTiles) {

    public static final int DEFAULT_MAX_TILES = 64;
    public static final double DEFAULT_MERGE_THRESHOLD = 0.5;

    /** One pass over the whole image: what the wrapped detector does on its own. */
    public static final MultiScaleSpec OFF = new MultiScaleSpec(List.of(), null, MergeMode.DEFAULT,
            DEFAULT_MERGE_THRESHOLD, DEFAULT_MAX_TILES);

    public MultiScaleSpec {
        pyramid = List.copyOf(pyramid == null ? List.of() : pyramid);
        for (double s : pyramid) {
            if (!(s >= 1 && s <= 16)) {
                throw new IllegalArgumentException("pyramid scales must be in [1, 16] (1 = the whole image, as the model's "
                        + "own resize sees it; 2 = windows of half the image), got " + s);
            }
        }
        if (merge == null) {
            merge = MergeMode.DEFAULT;
        }
        if (!(mergeThreshold > 0 && mergeThreshold <= 1)) {
            throw new IllegalArgumentException("merge threshold must be in (0, 1], got " + mergeThreshold);
        }
        if (maxTiles < 1) {
            throw new IllegalArgumentException("max-tiles must be at least 1, got " + maxTiles);
        }
    }

    /** Whether this asks for more than the plain single pass. */
    public boolean enabled() {
        return slice != null || pyramid.stream().anyMatch(s -> s > 1);
    }

    /** Whether one pass sees the whole image (the plain pass). */
    public boolean wholeImagePass() {
        if (slice == null) {
            return pyramid.isEmpty() || pyramid.contains(1.0);
        }
        return slice.fullImage() || pyramid.contains(1.0);
    }

    public MultiScaleSpec withSlice(Slice s) {
        return new MultiScaleSpec(pyramid, s, merge, mergeThreshold, maxTiles);
    }

    public MultiScaleSpec withPyramid(List<Double> p) {
        return new MultiScaleSpec(p, slice, merge, mergeThreshold, maxTiles);
    }

    public MultiScaleSpec withMerge(MergeMode m) {
        return new MultiScaleSpec(pyramid, slice, m, mergeThreshold, maxTiles);
    }

    public MultiScaleSpec withMaxTiles(int n) {
        return new MultiScaleSpec(pyramid, slice, merge, mergeThreshold, n);
    }

    /** {@code 1,2,4}. */
    public static List<Double> parsePyramid(String text) {
        List<Double> scales = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                scales.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pyramid must be scales separated by commas (e.g. 1,2), got '" + text + "'");
            }
        }
        return scales;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "plain";
        }
        StringBuilder s = new StringBuilder();
        if (!pyramid.isEmpty()) {
            s.append("pyramid ").append(String.join(",", pyramid.stream().map(MultiScaleSpec::scale).toList())).append(' ');
        }
        if (slice != null) {
            s.append("slice ").append(slice).append(' ');
        }
        return s.append("merge ").append(merge.option()).append(String.format(Locale.ROOT, " %.2f", mergeThreshold))
                .append(", max ").append(maxTiles).append(" passes").toString();
    }

    static String scale(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
