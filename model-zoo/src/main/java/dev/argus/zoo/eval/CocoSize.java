package dev.argus.zoo.eval;

/**
 * COCO's object sizes, by box area in square pixels: small below 32², large from 96², medium in
 * between. The thresholds are COCO's, so small-object numbers mean what detection papers mean by them.
 * Here each box falls in exactly one size (a box on a bound counts in the larger); COCOeval's area ranges
 * ({@link CocoEvaluator.AreaRange}) use the same bounds but include them on both sides.
 */
public enum CocoSize {
    SMALL, MEDIUM, LARGE;

    /** The smallest medium area, 32². */
    public static final float MEDIUM_FROM = 32f * 32f;
    /** The smallest large area, 96². */
    public static final float LARGE_FROM = 96f * 96f;

    public static CocoSize ofArea(float area) {
        return area < MEDIUM_FROM ? SMALL : area < LARGE_FROM ? MEDIUM : LARGE;
    }

    /** The size of a box; a negative side (a degenerate box) counts as zero. */
    public static CocoSize ofBox(float width, float height) {
        return ofArea(Math.max(0f, width) * Math.max(0f, height));
    }
}
