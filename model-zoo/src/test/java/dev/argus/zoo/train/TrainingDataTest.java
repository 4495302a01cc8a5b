package dev.argus.zoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.synth.ShapesDatasetWriter;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    /** A red square on black: the augmented box must still hug the red pixels. */
    @Test
    void augmentedBoxesStillEncloseTheirObjects() {
        BufferedImage img = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(20, 30, 25, 15);
        g.dispose();
        TrainingSample sample = new TrainingSample(img, List.of(new Detection(0, "a", 1f, 20, 30, 45, 45)));
        Augmentation aug = new Augmentation(true, 0.3, 0);
        int checked = 0;
        int flipped = 0;
        for (int seed = 0; seed < 20; seed++) {
            TrainingSample out = aug.apply(sample, new SplittableRandom(seed));
            int[] red = redBounds(out.image());
            if (out.boxes().isEmpty()) {
                continue; // zoomed mostly out of view
            }
            Detection b = out.boxes().get(0);
            assertEquals(red[0], b.x1(), 1.5, "x1, seed " + seed);
            assertEquals(red[1], b.y1(), 1.5, "y1, seed " + seed);
            assertEquals(red[2], b.x2(), 1.5, "x2, seed " + seed);
            assertEquals(red[3], b.y2(), 1.5, "y2, seed " + seed);
            checked++;
            flipped += (b.x1() + b.x2()) / 2 > 50 ? 1 : 0; // the square sits left of the middle until mirrored
        }
        // measured: the object stays in view for all 20 seeds, mirrored in 8; an augmentation that loses
        // boxes, or never flips, would leave these assertions with little or nothing to check
        assertTrue(checked >= 16, "seeds whose box was checked: " + checked + " of 20");
        assertTrue(flipped >= 3 && flipped <= checked - 3, "seeds mirrored: " + flipped + " of " + checked);
    }

    @Test
    void aCocoDirectoryTrainsWithDenseClassIdsAndVisitsEveryImageOncePerEpoch(@TempDir Path dir) throws IOException {
        CocoAnnotations written = new ShapesDatasetWriter(new ShapesGenerator(ShapesSpec.shapes()), "png").write(dir, 3, 6);
        CocoDataset data = CocoDataset.open(dir, 1);
        assertEquals(List.of("circle", "square", "triangle", "cross"), data.labels());
        int objects = 0;
        for (int i = 0; i < 6; i++) {
            TrainingSample s = data.sample(6 + i); // the second epoch
            objects += s.boxes().size();
            assertEquals(128, s.image().getWidth());
        }
        assertEquals(written.annotations().size(), objects);
    }

    @Test
    void aMissingImageIsNamedAtOpen(@TempDir Path dir) throws IOException {
        new ShapesDatasetWriter(new ShapesGenerator(ShapesSpec.shapes()), "png").write(dir, 3, 2);
        try (var files = Files.list(dir)) {
            Files.delete(files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow());
        }
        IOException e = assertThrows(IOException.class, () -> CocoDataset.open(dir, 1));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    private static int[] redBounds(BufferedImage img) {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (((p >> 16) & 0xFF) > 128 && ((p >> 8) & 0xFF) < 100) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
            }
        }
        return new int[]{x1, y1, x2, y2};
    }
}
