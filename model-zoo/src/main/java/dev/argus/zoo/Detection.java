package dev.argus.zoo;

/**
 * One detected object: a class, a confidence and an axis-aligned box in pixels of the original image,
 * (x1, y1) top-left and (x2, y2) bottom-right.
 */
public record Detection(int classId, String label, float score, float x1, float y1, float x2, float y2) {

    public float width() {
        return Math.max(0f, x2 - x1);
    }

    public float height() {
        return Math.max(0f, y2 - y1);
    }

    public float area() {
        return width() * height();
    }

    /** Intersection over union; 0 for boxes that do not overlap or have no area. */
    public float iou(Detection other) {
        float iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float union = area() + other.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
