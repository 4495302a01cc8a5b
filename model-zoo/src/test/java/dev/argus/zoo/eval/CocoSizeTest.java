package dev.argus.zoo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CocoSizeTest {

    @Test
    void aBoxOnABoundCountsInTheLargerSize() {
        assertEquals(CocoSize.SMALL, CocoSize.ofArea(1023.9f));
        assertEquals(CocoSize.MEDIUM, CocoSize.ofArea(1024f));
        assertEquals(CocoSize.MEDIUM, CocoSize.ofArea(9215.9f));
        assertEquals(CocoSize.LARGE, CocoSize.ofArea(9216f));
        assertEquals(CocoSize.SMALL, CocoSize.ofBox(100f, -5f));
    }

    @Test
    void everySizeLiesInsideTheEvaluatorsAreaRangeOfTheSameName() {
        for (float area : new float[]{0f, 500f, 1023.9f, 1024f, 5000f, 9215.9f, 9216f, 1e6f}) {
            CocoEvaluator.AreaRange range = CocoEvaluator.AreaRange.valueOf(CocoSize.ofArea(area).name());
            assertFalse(range.excludes(area), area + " outside " + range);
        }
    }
}
