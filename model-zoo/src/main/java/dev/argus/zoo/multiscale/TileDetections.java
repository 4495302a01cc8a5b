package dev.argus.zoo.multiscale;

import dev.argus.zoo.Detection;
import java.util.List;

/** What the model found in one tile, already in the image's pixels. */
public record TileDetections(Tile tile, List<Detection> detections) {

    public TileDetections {
        detections = List.copyOf(detections);
    }
}
