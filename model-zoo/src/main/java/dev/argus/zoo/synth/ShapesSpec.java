package dev.argus.zoo.synth;

/**
 * What a synthetic set looks like. Object sizes are drawn log-uniformly in [minSize, maxSize] pixels,
 * so small objects are as common as large ones on a log scale.
 *
 * @param name          prefix of the generated file names
 * @param maxOverlapIou two objects of one image never overlap more than this
 */
public record ShapesSpec(String name, int width, int height, int minObjects, int maxObjects,
                         int minSize, int maxSize, double maxOverlapIou) {

    public ShapesSpec {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("image must be at least 16x16, got " + width + "x" + height);
        }
        if (minObjects < 0 || maxObjects < minObjects) {
            throw new IllegalArgumentException("objects per image must satisfy 0 <= min <= max, got "
                    + minObjects + ".." + maxObjects);
        }
        if (minSize < 2 || maxSize < minSize || maxSize > Math.min(width, height)) {
            throw new IllegalArgumentException("object size must satisfy 2 <= min <= max <= image side, got "
                    + minSize + ".." + maxSize);
        }
    }

    /** The default training task: 128x128 images with 1-5 shapes of 6-48 px. */
    public static ShapesSpec shapes() {
        return new ShapesSpec("shapes", 128, 128, 1, 5, 6, 48, 0.05);
    }

    /** Camera-sized scenes for the quickstart: 640x480 with 3-12 shapes of 10-160 px. */
    public static ShapesSpec scenes() {
        return new ShapesSpec("scene", 640, 480, 3, 12, 10, 160, 0.05);
    }

    /**
     * The small-object benchmark: 640x480 scenes with 20-40 shapes of 8-28 px, all COCO "small"
     * (under 32x32). A model with a 128 px input sees them at a fifth of their size in one plain pass.
     */
    public static ShapesSpec smallObjects() {
        return new ShapesSpec("small", 640, 480, 20, 40, 8, 28, 0.05);
    }

    public ShapesSpec withSize(int w, int h) {
        return new ShapesSpec(name, w, h, minObjects, maxObjects, minSize, Math.min(maxSize, Math.min(w, h)),
                maxOverlapIou);
    }
}
