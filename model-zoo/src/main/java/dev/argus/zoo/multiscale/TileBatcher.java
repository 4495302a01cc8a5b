package dev.argus.zoo.multiscale;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the tiles of many images through the wrapped detector in calls of {@code batchSize} crops, tiles
 * of one image and of the next packed into the same call, so the model always sees full batches (SAHI
 * ran one slice per call for years, its issues #182 and #414). Crops share the image's pixels
 * ({@link BufferedImage#getSubimage}); the wrapped detector resizes each to its input.
 */
public final class TileBatcher {

    private final Detector inner;
    private final int batchSize;
    private long calls;

    public TileBatcher(Detector inner, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("tile batch size must be at least 1, got " + batchSize);
        }
        this.inner = inner;
        this.batchSize = batchSize;
    }

    /** Per image, per tile of its plan (in plan order), the detections in image pixels. */
    public List<List<TileDetections>> run(List<BufferedImage> images, List<TilePlan> plans) {
        List<List<TileDetections>> out = new ArrayList<>(images.size());
        List<int[]> jobs = new ArrayList<>(); // {image, tile}
        for (int i = 0; i < images.size(); i++) {
            out.add(new ArrayList<>(plans.get(i).passes()));
            for (int t = 0; t < plans.get(i).passes(); t++) {
                jobs.add(new int[] {i, t});
            }
        }
        for (int from = 0; from < jobs.size(); from += batchSize) {
            List<int[]> chunk = jobs.subList(from, Math.min(jobs.size(), from + batchSize));
            List<BufferedImage> crops = new ArrayList<>(chunk.size());
            for (int[] job : chunk) {
                crops.add(crop(images.get(job[0]), plans.get(job[0]).tiles().get(job[1])));
            }
            List<List<Detection>> found = inner.detect(crops);
            calls++;
            for (int k = 0; k < chunk.size(); k++) {
                int[] job = chunk.get(k);
                Tile tile = plans.get(job[0]).tiles().get(job[1]);
                List<Detection> mapped = new ArrayList<>(found.get(k).size());
                for (Detection d : found.get(k)) {
                    mapped.add(tile.toImage(d));
                }
                out.get(job[0]).add(new TileDetections(tile, mapped));
            }
        }
        return out;
    }

    /** Calls made to the wrapped detector so far. */
    public long calls() {
        return calls;
    }

    public int batchSize() {
        return batchSize;
    }

    private static BufferedImage crop(BufferedImage image, Tile tile) {
        if (tile.isWholeImage(image.getWidth(), image.getHeight())) {
            return image;
        }
        return image.getSubimage(tile.x(), tile.y(), tile.width(), tile.height());
    }
}
