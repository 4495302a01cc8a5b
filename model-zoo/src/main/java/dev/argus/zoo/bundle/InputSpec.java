package dev.argus.zoo.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the network's input looks like: its size, memory layout, channel order, and how an image of
 * another size is brought to it.
 *
 * @param padValue pixel value (0..255, before normalisation) of the border a letterbox adds
 * @param name     the model's input name, checked against the model at open; null: not checked
 */
public record InputSpec(int width, int height, Layout layout, String color, Resize resize,
                        @JsonProperty("pad_value") float padValue,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String name) {

    /** Memory layout of the input tensor. */
    public enum Layout { NHWC, NCHW }

    /** How an image is brought to the input size. */
    public enum Resize {
        /** Scale to fit, keeping the aspect ratio, and pad the rest. */
        LETTERBOX,
        /** Scale each axis independently to fill the input. */
        STRETCH;

        @JsonCreator
        static Resize parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        @JsonValue
        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public InputSpec {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        if (layout == null) {
            throw new IllegalArgumentException("input layout is missing (NHWC or NCHW)");
        }
        color = color == null ? "RGB" : color.toUpperCase(Locale.ROOT);
        if (!color.equals("RGB") && !color.equals("BGR")) {
            throw new IllegalArgumentException("input color must be RGB or BGR, got " + color);
        }
        if (resize == null) {
            resize = Resize.LETTERBOX;
        }
    }

    /** A spec that does not name the model's input. */
    public InputSpec(int width, int height, Layout layout, String color, Resize resize, float padValue) {
        this(width, height, layout, color, resize, padValue, null);
    }

    /** Channels first (NCHW) or last (NHWC). */
    public boolean channelsFirst() {
        return layout == Layout.NCHW;
    }

    public boolean bgr() {
        return color.equals("BGR");
    }
}
