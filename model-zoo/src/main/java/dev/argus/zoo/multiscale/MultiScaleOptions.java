package dev.argus.zoo.multiscale;

import dev.argus.zoo.bundle.MultiScaleDefaults;
import java.util.List;

/**
 * What a user asked for on the command line ({@code --slice SIZE[/OVERLAP]|off}, {@code --pyramid 1,2|off},
 * {@code --merge nms|nmm-iou|nmm-ios}, {@code --max-tiles N}), each null when not given; laid over the
 * bundle's defaults by {@link #over}. Parsing happens here so that a bad value is refused where the
 * user typed it, with the option's own message.
 */
public record MultiScaleOptions(String slice, String pyramid, String merge, String maxTiles) {

    public static final MultiScaleOptions NONE = new MultiScaleOptions(null, null, null, null);

    public MultiScaleOptions {
        apply(slice, pyramid, merge, maxTiles, MultiScaleSpec.OFF); // refuse bad values now
    }

    public boolean isEmpty() {
        return slice == null && pyramid == null && merge == null && maxTiles == null;
    }

    /** The bundle's defaults with every option given replacing its part; {@code off} removes a part. */
    public MultiScaleSpec over(MultiScaleSpec defaults) {
        return apply(slice, pyramid, merge, maxTiles, defaults);
    }

    // static: the compact constructor runs before the fields are set
    private static MultiScaleSpec apply(String slice, String pyramid, String merge, String maxTiles,
            MultiScaleSpec defaults) {
        MultiScaleSpec spec = defaults;
        if (slice != null) {
            spec = spec.withSlice(isOff(slice) ? null : Slice.parse(slice));
        }
        if (pyramid != null) {
            spec = spec.withPyramid(isOff(pyramid) ? List.of() : MultiScaleSpec.parsePyramid(pyramid));
        }
        if (merge != null) {
            spec = spec.withMerge(MergeMode.parse(merge));
        }
        if (maxTiles != null) {
            int n;
            try {
                n = Integer.parseInt(maxTiles.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("max-tiles must be a positive integer, got '" + maxTiles + "'");
            }
            spec = spec.withMaxTiles(n);
        }
        return spec;
    }

    /** The spec a bundle's {@code multiscale} block asks for; {@link MultiScaleSpec#OFF} when it has none. */
    public static MultiScaleSpec fromBundle(MultiScaleDefaults block) {
        if (block == null) {
            return MultiScaleSpec.OFF;
        }
        Slice slice = null;
        if (block.slice() != null) {
            if (block.slice().size() == null) {
                throw new IllegalArgumentException("multiscale.slice needs a 'size'");
            }
            slice = new Slice(block.slice().size(),
                    block.slice().overlap() == null ? Slice.DEFAULT_OVERLAP : block.slice().overlap(),
                    block.slice().fullImage() == null || block.slice().fullImage());
        }
        return new MultiScaleSpec(block.pyramid(), slice,
                block.merge() == null ? MergeMode.DEFAULT : MergeMode.parse(block.merge()),
                block.mergeThreshold() == null ? MultiScaleSpec.DEFAULT_MERGE_THRESHOLD : block.mergeThreshold(),
                block.maxTiles() == null ? MultiScaleSpec.DEFAULT_MAX_TILES : block.maxTiles());
    }

    private static boolean isOff(String value) {
        return value.trim().equalsIgnoreCase("off");
    }
}
