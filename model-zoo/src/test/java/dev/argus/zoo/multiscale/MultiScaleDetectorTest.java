package dev.argus.zoo.multiscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.GraphDetector;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MultiScaleDetector} around a real SameDiff detector ({@link SpotNetwork}). */
class MultiScaleDetectorTest {

    private static final int[][] SPOTS = {{20, 30}, {77, 10}, {130, 70}, {46, 83}};

    @Test
    void slicingFindsSpotsThePlainPassCannotSeeAndPutsThemWhereTheyAreInTheImage() {
        BufferedImage image = SpotNetwork.spots(160, 96, SPOTS);
        // IoS merging: at this scale (8 px boxes in 16 px tiles) every spot near a tile edge leaves a clipped piece
        MultiScaleSpec sliced = MultiScaleSpec.OFF.withSlice(new Slice(16, 0.25, true)).withMaxTiles(200)
                .withMerge(MergeMode.NMM_IOS);
        try (GraphDetector plain = SpotNetwork.detector();
             MultiScaleDetector detector = new MultiScaleDetector(SpotNetwork.detector(), sliced)) {

            assertEquals(List.of(), plain.detect(List.of(image)).get(0), "at a tenth of their size the spots fade out");

            List<Detection> found = detector.detect(List.of(image)).get(0);
            assertEquals(SPOTS.length, found.size(), "one box per spot after merging: " + found);
            for (int[] spot : SPOTS) {
                assertTrue(found.stream().anyMatch(d -> centredOn(d, spot)), "spot at " + spot[0] + "," + spot[1] + ": " + found);
            }
            assertEquals(1 + 13 * 8, detector.passes(), "whole image + 13x8 tiles");
        }
    }

    @Test
    void aPyramidLevelMapsWindowBoxesBackToTheImage() {
        // 64x64 at zoom 4: 16x16 windows, each seen at the model's own size
        BufferedImage image = SpotNetwork.spots(64, 64, new int[] {41, 9});
        try (MultiScaleDetector detector = new MultiScaleDetector(SpotNetwork.detector(),
                MultiScaleSpec.OFF.withPyramid(List.of(4.0)).withMerge(MergeMode.NMM_IOS))) {

            List<Detection> found = detector.detect(List.of(image)).get(0);

            assertEquals(1, found.size(), found.toString());
            assertTrue(centredOn(found.get(0), new int[] {41, 9}), found.toString());
            assertEquals(25, detector.passes());
        }
    }

    @Test
    void tilesBatchedAcrossImagesGiveExactlyWhatTileByTileGives() {
        List<BufferedImage> images = List.of(
                SpotNetwork.spots(160, 96, SPOTS),
                SpotNetwork.spots(40, 40, new int[] {15, 15}),
                SpotNetwork.spots(70, 50, new int[] {3, 40}, new int[] {60, 5}));
        MultiScaleSpec spec = MultiScaleSpec.OFF.withSlice(new Slice(16, 0.25, true)).withPyramid(List.of(2.0))
                .withMaxTiles(200).withMerge(MergeMode.NMM_IOS);

        List<List<Detection>> oneByOne = run(images, spec, 1);
        int tiles = 0;
        for (BufferedImage image : images) {
            tiles += TilePlan.of(image.getWidth(), image.getHeight(), spec).passes();
        }
        assertEquals(List.of(4, 1, 2), oneByOne.stream().map(List::size).toList(), oneByOne.toString());
        for (int batch : new int[] {7, 64}) {
            try (MultiScaleDetector detector = new MultiScaleDetector(SpotNetwork.detector(), spec, batch)) {
                assertEquals(oneByOne, detector.detect(images), "tile batch " + batch);
                assertEquals((tiles + batch - 1) / batch, detector.modelCalls(), "tiles of all images packed into full calls");
            }
        }
    }

    private static List<List<Detection>> run(List<BufferedImage> images, MultiScaleSpec spec, int batch) {
        try (Detector detector = new MultiScaleDetector(SpotNetwork.detector(), spec, batch)) {
            return detector.detect(images);
        }
    }

    private static boolean centredOn(Detection d, int[] spot) {
        float cx = (d.x1() + d.x2()) / 2;
        float cy = (d.y1() + d.y2()) / 2;
        return Math.abs(cx - (spot[0] + 1)) <= 1.5f && Math.abs(cy - (spot[1] + 1)) <= 1.5f;
    }
}
