package dev.argus.zoo.multiscale;

import dev.argus.zoo.Detection;

/**
 * One model pass over a rectangle of an image, in original pixels. The wrapped detector resizes the
 * crop to its input itself, so a tile's zoom is only its size; mapping a box back is a shift.
 *
 * @param level     which part of the plan made it (e.g. "slice 512", "pyramid 2"); tiles of one level are
 *                  neighbours of the same size
 * @param innerLeft whether the tile's left edge lies inside the image (an object can be cut there); same
 *                  for the other three
 */
public record Tile(String level, int x, int y, int width, int height,
                   boolean innerLeft, boolean innerTop, boolean innerRight, boolean innerBottom) {

    /** A detection in the crop's pixels, moved into the image's. */
    public Detection toImage(Detection inTile) {
        return new Detection(inTile.classId(), inTile.label(), inTile.score(), inTile.x1() + x, inTile.y1() + y,
                inTile.x2() + x, inTile.y2() + y);
    }

    /** Whether a box (image pixels) reaches within {@code margin} of an edge where this tile cuts the image. */
    public boolean touchesInnerEdge(Detection box, float margin) {
        return innerLeft && box.x1() <= x + margin
                || innerTop && box.y1() <= y + margin
                || innerRight && box.x2() >= x + width - margin
                || innerBottom && box.y2() >= y + height - margin;
    }

    /** Whether this tile sees all of a box (image pixels) without cutting it. */
    public boolean coversUncut(Detection box, float margin) {
        return box.x1() >= x && box.y1() >= y && box.x2() <= x + width && box.y2() <= y + height
                && !touchesInnerEdge(box, margin);
    }

    public boolean isWholeImage(int imageWidth, int imageHeight) {
        return x == 0 && y == 0 && width == imageWidth && height == imageHeight;
    }
}
