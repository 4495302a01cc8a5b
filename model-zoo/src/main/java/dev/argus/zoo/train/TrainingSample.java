package dev.argus.zoo.train;

import dev.argus.zoo.Detection;
import java.awt.image.BufferedImage;
import java.util.List;

/** One training image and its boxes, in that image's pixels. */
public record TrainingSample(BufferedImage image, List<Detection> boxes) {

    public TrainingSample {
        boxes = List.copyOf(boxes);
    }
}
