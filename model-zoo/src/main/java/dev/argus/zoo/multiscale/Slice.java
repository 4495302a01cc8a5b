package dev.argus.zoo.multiscale;

import java.util.Locale;

/**
 * Sliced inference: square tiles of {@code size} original pixels, neighbours overlapping by
 * {@code overlap} of a tile, plus (if {@code fullImage}) one pass over the whole image for objects
 * larger than a tile.
 */
public record Slice(int size, double overlap, boolean fullImage) {

    public static final double DEFAULT_OVERLAP = 0.2;

    public Slice {
        if (size < 16) {
            throw new IllegalArgumentException("slice size must be at least 16 px, got " + size);
        }
        if (!(overlap >= 0 && overlap < 0.9)) {
            throw new IllegalArgumentException("slice overlap must be in [0, 0.9), got " + overlap);
        }
    }

    /** {@code SIZE} or {@code SIZE/OVERLAP}, e.g. {@code 512/0.2}; the full-image pass is on. */
    public static Slice parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 1) {
                return new Slice(Integer.parseInt(parts[0].trim()), DEFAULT_OVERLAP, true);
            }
            if (parts.length == 2) {
                return new Slice(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()), true);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("slice must be SIZE or SIZE/OVERLAP (e.g. 512/0.2), got '" + text + "'");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%s%s", size, overlap, fullImage ? "" : " (tiles only)");
    }
}
