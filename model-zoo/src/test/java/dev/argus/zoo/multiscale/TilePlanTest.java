package dev.argus.zoo.multiscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tile geometry and the mapping of boxes from tiles and pyramid windows back to the image, by hand. */
class TilePlanTest {

    @Test
    void windowStartsStepByTheOverlapAndTheLastOneIsFlushWithTheEdge() {
        // 128 px tiles, 20 % overlap: a stride of at most 102.4 needs 6 tiles; the last one ends at 640
        assertArrayEquals(new int[] {0, 102, 205, 307, 410, 512}, TilePlan.starts(640, 128, 0.2));
        assertArrayEquals(new int[] {0, 100}, TilePlan.starts(200, 100, 0.0));
        assertArrayEquals(new int[] {0}, TilePlan.starts(100, 128, 0.2), "a tile larger than the image is the image");
    }

    @Test
    void slicingPlansTheFullImageThenTilesThatKnowWhereTheyCutTheImage() {
        TilePlan plan = TilePlan.of(640, 480, MultiScaleSpec.OFF.withSlice(new Slice(128, 0.2, true)));

        assertEquals(1 + 6 * 5, plan.passes());
        assertEquals("full image 1, slice 128 30", plan.description());
        Tile full = plan.tiles().get(0);
        assertTrue(full.isWholeImage(640, 480));
        Tile topLeft = plan.tiles().get(1);
        assertEquals(new Tile("slice 128", 0, 0, 128, 128, false, false, true, true), topLeft);
        Tile bottomRight = plan.tiles().get(plan.passes() - 1);
        assertEquals(new Tile("slice 128", 512, 352, 128, 128, true, true, false, false), bottomRight);
    }

    @Test
    void aPyramidLevelCoversTheImageWithWindowsOfOneOverTheScale() {
        TilePlan plan = TilePlan.of(400, 300, MultiScaleSpec.OFF.withPyramid(List.of(1.0, 2.0)));

        // windows 200x150, strides of at most 160x120: x at 0, 100, 200; y at 0, 75, 150
        assertEquals(1 + 9, plan.passes());
        assertEquals(new Tile("pyramid 2", 200, 75, 200, 150, true, true, false, true), plan.tiles().get(6));
    }

    @Test
    void boxesMoveFromTilePixelsToImagePixels() {
        Tile tile = new Tile("slice 128", 306, 204, 128, 128, true, true, true, true);
        Detection inTile = new Detection(2, "triangle", 0.9f, 10, 20, 30.5f, 44);

        assertEquals(new Detection(2, "triangle", 0.9f, 316, 224, 336.5f, 248), tile.toImage(inTile));
    }

    @Test
    void theCapEnlargesWindowsInsteadOfLeavingPartsOfTheImageUnseen() {
        TilePlan plan = TilePlan.of(640, 480, MultiScaleSpec.OFF.withSlice(new Slice(128, 0.2, true)).withMaxTiles(13));

        assertTrue(plan.passes() <= 13, plan.description());
        assertTrue(plan.description().contains("enlarged"), plan.description());
        Tile last = plan.tiles().get(plan.passes() - 1);
        assertEquals(640, last.x() + last.width(), "the tiles still reach the right edge");
        assertEquals(480, last.y() + last.height(), "and the bottom edge");
    }

    @Test
    void withNoPassLeftALevelIsSkippedAndSaysSo() {
        TilePlan plan = TilePlan.of(640, 480, MultiScaleSpec.OFF.withSlice(new Slice(128, 0.2, true)).withMaxTiles(1));

        assertEquals(1, plan.passes());
        assertEquals("full image 1, slice 128 0 (no passes left under the cap)", plan.description());
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        assertEquals("slice must be SIZE or SIZE/OVERLAP (e.g. 512/0.2), got '512x0.2'",
                assertThrows(IllegalArgumentException.class, () -> Slice.parse("512x0.2")).getMessage());
        assertEquals("slice overlap must be in [0, 0.9), got 0.95",
                assertThrows(IllegalArgumentException.class, () -> Slice.parse("512/0.95")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MultiScaleOptions(null, "0.5,1", null, null)).getMessage().startsWith("pyramid scales must be in [1, 16]"));
        assertEquals("merge must be one of nms, nmm-iou, nmm-ios, got 'wbf'",
                assertThrows(IllegalArgumentException.class, () -> new MultiScaleOptions(null, null, "wbf", null)).getMessage());
        assertEquals("max-tiles must be a positive integer, got 'lots'",
                assertThrows(IllegalArgumentException.class, () -> new MultiScaleOptions(null, null, null, "lots")).getMessage());
    }

    @Test
    void optionsReplaceTheBundlesDefaultsPartByPart() {
        MultiScaleSpec bundle = MultiScaleSpec.OFF.withSlice(new Slice(512, 0.2, true)).withPyramid(List.of(1.0, 2.0));

        MultiScaleSpec spec = new MultiScaleOptions("256/0.25", null, "nms", "20").over(bundle);
        assertEquals(new Slice(256, 0.25, true), spec.slice());
        assertEquals(List.of(1.0, 2.0), spec.pyramid());
        assertEquals(MergeMode.NMS, spec.merge());
        assertEquals(20, spec.maxTiles());
        assertFalse(new MultiScaleOptions("off", "off", null, null).over(bundle).enabled());
    }
}
