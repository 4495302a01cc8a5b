package dev.argus.zoo.synth;

import dev.argus.zoo.Detection;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated image and its ground truth. Boxes are {@link Detection}s with score 1 so that the
 * evaluation code compares like with like.
 */
public record SyntheticImage(String fileName, BufferedImage image, List<Detection> truth) {
}
