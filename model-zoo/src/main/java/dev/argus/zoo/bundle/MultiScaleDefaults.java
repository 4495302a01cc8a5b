package dev.argus.zoo.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The optional {@code multiscale} block of {@code bundle.json}: how the bundle's model should be run on
 * images with small objects unless the user says otherwise, e.g.
 * {@code {"slice": {"size": 512, "overlap": 0.2, "full_image": true}, "pyramid": [1.0, 2.0],
 * "merge": "nmm-ios", "max_tiles": 64}}. Absent, or with neither slice nor pyramid: one plain pass.
 * Every field may be left out; {@code dev.argus.zoo.multiscale.MultiScaleSpec} fills in defaults and
 * checks the values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MultiScaleDefaults(SliceBlock slice, List<Double> pyramid, String merge,
                                 @JsonProperty("merge_threshold") Double mergeThreshold,
                                 @JsonProperty("max_tiles") Integer maxTiles) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SliceBlock(Integer size, Double overlap, @JsonProperty("full_image") Boolean fullImage) {
    }
}
