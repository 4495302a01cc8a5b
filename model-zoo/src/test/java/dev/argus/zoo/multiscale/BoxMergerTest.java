package dev.argus.zoo.multiscale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.argus.zoo.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two 100 px tiles side by side with 20 px of overlap: A covers x 0..100, B covers x 80..180, both
 * y 0..100; the image is 180x100.
 */
class BoxMergerTest {

    private static final Tile A = new Tile("slice 100", 0, 0, 100, 100, false, false, true, false);
    private static final Tile B = new Tile("slice 100", 80, 0, 100, 100, true, false, false, false);

    @Test
    void aBoxCutByOneTileIsDroppedWhenItsNeighbourSawTheWholeObject() {
        // an object at x 90..120: A sees its left part, cut at A's right edge; B sees all of it
        Detection half = box(0, 0.8f, 90, 40, 100, 60);
        Detection whole = box(0, 0.7f, 90, 40, 120, 60);

        for (MergeMode mode : MergeMode.values()) {
            List<Detection> merged = new BoxMerger(mode, 0.5, 100).merge(List.of(
                    new TileDetections(A, List.of(half)), new TileDetections(B, List.of(whole))));
            assertEquals(List.of(whole), merged, mode + ": one object, one box, the whole one");
        }
    }

    @Test
    void anObjectWiderThanTheOverlapIsCutByBothTilesAndOnlyIosMergingJoinsTheHalves() {
        // an object at x 70..130: A sees 70..100, B sees 80..130; neither tile holds all of it
        Detection left = box(1, 0.9f, 70, 30, 100, 50);
        Detection right = box(1, 0.6f, 80, 30, 130, 50);
        List<TileDetections> tiles = List.of(new TileDetections(A, List.of(left)), new TileDetections(B, List.of(right)));

        // IoS = 20x20 / 30x20 = 0.67: merged into the union, with the better score
        assertEquals(List.of(box(1, 0.9f, 70, 30, 130, 50)), new BoxMerger(MergeMode.NMM_IOS, 0.5, 100).merge(tiles));
        // IoU = 400 / 1200 = 0.33: NMS and IoU merging keep two halves
        assertEquals(List.of(left, right), new BoxMerger(MergeMode.NMS, 0.5, 100).merge(tiles));
        assertEquals(List.of(left, right), new BoxMerger(MergeMode.NMM_IOU, 0.5, 100).merge(tiles));
    }

    @Test
    void nmmMergesAGroupIntoItsUnionWithTheBestScoreAndLeavesOtherClassesAlone() {
        Tile full = new Tile("full image", 0, 0, 180, 100, false, false, false, false);
        Detection best = box(0, 0.9f, 10, 10, 30, 30);
        Detection shifted = box(0, 0.5f, 12, 12, 32, 32);
        Detection otherClass = box(3, 0.8f, 10, 10, 30, 30);

        List<Detection> merged = new BoxMerger(MergeMode.NMM_IOU, 0.5, 100).merge(List.of(
                new TileDetections(full, List.of(shifted, otherClass, best))));

        assertEquals(List.of(box(0, 0.9f, 10, 10, 32, 32), otherClass), merged);
        assertEquals(List.of(best, otherClass), new BoxMerger(MergeMode.NMS, 0.5, 100).merge(List.of(
                new TileDetections(full, List.of(shifted, otherClass, best)))));
    }

    @Test
    void aCoarserLevelCoveringACutBoxDoesNotDropIt() {
        // the full-image pass covers the half box, but it may well have missed a small object: keep the half
        Tile full = new Tile("full image", 0, 0, 180, 100, false, false, false, false);
        Detection half = box(0, 0.8f, 90, 40, 100, 60);

        assertEquals(List.of(half), new BoxMerger(MergeMode.NMS, 0.5, 100).merge(List.of(
                new TileDetections(full, List.of()), new TileDetections(A, List.of(half)))));
    }

    private static Detection box(int cls, float score, float x1, float y1, float x2, float y2) {
        return new Detection(cls, "c" + cls, score, x1, y1, x2, y2);
    }
}
