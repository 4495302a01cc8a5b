package dev.argus.hive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;

/**
 * Many images with random detections, the same for the same seed: enough rows to compare the
 * UDTFs with Hive's built-ins and to time them.
 */
public final class SyntheticDetections {

    static final String[] LABELS = {"person", "car", "forklift", "truck", "bicycle", "dog", "pallet", "helmet"};

    private SyntheticDetections() {
    }

    /**
     * {@code images} images with 0 to {@code 2 * meanDetections} detections each (some empty), boxes of
     * every COCO size class, scores uniform in [0, 1).
     */
    public static List<ImageDetections> generate(int images, int meanDetections, long seed) {
        Random random = new Random(seed);
        List<ImageDetections> result = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            int count = random.nextInt(2 * meanDetections + 1);
            Detection[] detections = new Detection[count];
            for (int d = 0; d < count; d++) {
                int classId = random.nextInt(LABELS.length);
                float x1 = random.nextInt(600);
                float y1 = random.nextInt(440);
                // widths from 2 to 200 px: small, medium and large boxes
                float w = 2 + random.nextInt(199);
                float h = 2 + random.nextInt(199);
                detections[d] = LayoutFiles.box(LABELS[classId], classId, random.nextFloat(), x1, y1, x1 + w, y1 + h);
            }
            result.add(LayoutFiles.detected(String.format("synthetic-%07d", i), "synthetic", "1", detections));
        }
        return result;
    }

    /** Writes them as one Avro part file into {@code dir} (with {@code _SUCCESS}). */
    public static Path write(Path dir, List<ImageDetections> images) {
        return LayoutFiles.write(dir, ImageDetections.class, images);
    }

    public static long countDetections(List<ImageDetections> images) {
        return images.stream().mapToLong(image -> image.getDetections().size()).sum();
    }
}
