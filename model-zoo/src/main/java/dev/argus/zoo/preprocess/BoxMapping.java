package dev.argus.zoo.preprocess;

/**
 * How an original image was placed on the network's input: model-input pixel {@code (x, y)} came from
 * original pixel {@code ((x - offsetX) / scaleX, (y - offsetY) / scaleY)}. Boxes mapped back are
 * clamped to the original image.
 */
public record BoxMapping(float scaleX, float scaleY, float offsetX, float offsetY, int imageWidth, int imageHeight) {

    /** Fit inside {@code inputWidth x inputHeight} keeping the aspect ratio, centred, borders padded. */
    public static BoxMapping letterbox(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        checkSizes(imageWidth, imageHeight);
        double scale = Math.min((double) inputWidth / imageWidth, (double) inputHeight / imageHeight);
        int placedWidth = Math.max(1, (int) Math.round(imageWidth * scale));
        int placedHeight = Math.max(1, (int) Math.round(imageHeight * scale));
        // the exact per-axis scale of the rounded placement, so mapping back lands on the image edges
        return new BoxMapping((float) placedWidth / imageWidth, (float) placedHeight / imageHeight,
                (inputWidth - placedWidth) / 2, (inputHeight - placedHeight) / 2, imageWidth, imageHeight);
    }

    /** Scale each axis independently to fill the input. */
    public static BoxMapping stretch(int imageWidth, int imageHeight, int inputWidth, int inputHeight) {
        checkSizes(imageWidth, imageHeight);
        return new BoxMapping((float) inputWidth / imageWidth, (float) inputHeight / imageHeight, 0, 0,
                imageWidth, imageHeight);
    }

    /** Width of the image as placed on the input, in model-input pixels. */
    public int placedWidth() {
        return Math.round(imageWidth * scaleX);
    }

    public int placedHeight() {
        return Math.round(imageHeight * scaleY);
    }

    public float toImageX(float inputX) {
        return clamp((inputX - offsetX) / scaleX, imageWidth);
    }

    public float toImageY(float inputY) {
        return clamp((inputY - offsetY) / scaleY, imageHeight);
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(v, max));
    }

    private static void checkSizes(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image has no pixels: " + width + "x" + height);
        }
    }
}
