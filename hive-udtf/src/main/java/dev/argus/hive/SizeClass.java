package dev.argus.hive;

/**
 * The COCO size buckets of a box, by area in square pixels: small below 32², large from 96² up,
 * medium in between. Analysts compare small-object recall across models with these, so the
 * thresholds are COCO's, not ours.
 */
enum SizeClass {
    SMALL("small"), MEDIUM("medium"), LARGE("large");

    static final float SMALL_BELOW = 32f * 32f;
    static final float LARGE_FROM = 96f * 96f;

    /** The value of the {@code size_class} column. */
    final String label;

    SizeClass(String label) {
        this.label = label;
    }

    static SizeClass ofArea(float area) {
        if (area < SMALL_BELOW) {
            return SMALL;
        }
        return area < LARGE_FROM ? MEDIUM : LARGE;
    }
}
