package dev.argus.zoo.postprocess;

import java.util.Locale;

/** How four numbers of an end-to-end model's output describe a box. */
enum BoxFormat {
    /** corners: x1, y1, x2, y2 */
    XYXY,
    /** corners, TensorFlow's order: y1, x1, y2, x2 */
    YXYX,
    /** centre and size: cx, cy, w, h */
    CXCYWH;

    static BoxFormat parse(String decoder, String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decoder '" + decoder + "' parameter 'box_format' must be xyxy, yxyx"
                    + " or cxcywh, got " + text);
        }
    }

    /** Writes x1, y1, x2, y2 into {@code out}, scaling x by {@code sx} and y by {@code sy}. */
    void toCorners(float[] v, int o, float sx, float sy, float[] out) {
        switch (this) {
            case XYXY -> {
                out[0] = v[o] * sx;
                out[1] = v[o + 1] * sy;
                out[2] = v[o + 2] * sx;
                out[3] = v[o + 3] * sy;
            }
            case YXYX -> {
                out[0] = v[o + 1] * sx;
                out[1] = v[o] * sy;
                out[2] = v[o + 3] * sx;
                out[3] = v[o + 2] * sy;
            }
            case CXCYWH -> {
                out[0] = (v[o] - v[o + 2] / 2) * sx;
                out[1] = (v[o + 1] - v[o + 3] / 2) * sy;
                out[2] = (v[o] + v[o + 2] / 2) * sx;
                out[3] = (v[o + 1] + v[o + 3] / 2) * sy;
            }
        }
    }
}
