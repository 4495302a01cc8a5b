package dev.argus.jobs.stats;

/** COCO's object size ranges, by box area in pixels of the original image. */
public enum SizeBin {
    /** area &lt; 32² */
    SMALL,
    /** 32² ≤ area &lt; 96² */
    MEDIUM,
    /** area ≥ 96² */
    LARGE;

    private static final float SMALL_LIMIT = 32f * 32f;
    private static final float MEDIUM_LIMIT = 96f * 96f;

    public static SizeBin of(float width, float height) {
        float area = Math.max(0f, width) * Math.max(0f, height);
        return area < SMALL_LIMIT ? SMALL : area < MEDIUM_LIMIT ? MEDIUM : LARGE;
    }
}
