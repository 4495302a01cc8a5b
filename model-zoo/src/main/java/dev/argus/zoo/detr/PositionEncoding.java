package dev.argus.zoo.detr;

import java.util.Locale;

/** How the transformer learns where on the feature map a token sits. */
public enum PositionEncoding {
    /** DETR's fixed 2D sine table, added to the inputs of queries and keys ({@link SinusoidalEncoding2D}). */
    SINE,
    /** Queries and keys rotated by their (x, y) cell ({@link RotaryEncoding2D}). */
    ROPE;

    public static PositionEncoding parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("positions must be sine or rope, got '" + s + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
