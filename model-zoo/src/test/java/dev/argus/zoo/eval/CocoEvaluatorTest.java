package dev.argus.zoo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-computed cases. With 101 recall points r = 0, .01, ..., 1, a class whose precision envelope is
 * p1 up to recall R and p2 beyond has AP = (points ≤ R)·p1 + (points > R)·p2, all over 101.
 */
class CocoEvaluatorTest {

    private static final double EPS = 1e-9;

    private final CocoEvaluator eval = new CocoEvaluator(Map.of(0, "circle"));

    private static Detection box(int cls, float x, float y, float w, float h, float score) {
        return new Detection(cls, "c" + cls, score, x, y, x + w, y + h);
    }

    private static Detection truth(float x, float y, float w, float h) {
        return box(0, x, y, w, h, 1f);
    }

    @Test
    void perfectDetectionsScoreOneEverywhereTheyExist() {
        eval.add(GroundTruth.of(List.of(truth(10, 10, 20, 20), truth(50, 50, 40, 40))),
                List.of(box(0, 10, 10, 20, 20, 0.9f), box(0, 50, 50, 40, 40, 0.8f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.ap(), EPS);
        assertEquals(1.0, m.ap50(), EPS);
        assertEquals(1.0, m.ap75(), EPS);
        assertEquals(1.0, m.apSmall(), EPS);   // 20x20 = 400 px²
        assertEquals(1.0, m.apMedium(), EPS);  // 40x40 = 1600 px²
        assertTrue(Double.isNaN(m.apLarge()), "no large object: nothing to average");
        assertEquals(1.0, m.ar100(), EPS);
    }

    @Test
    void aBoxCountsAtTheThresholdsItsIouReaches() {
        // 100x100 truth, 100x62 detection inside it: IoU 0.62, a hit at .50, .55 and .60 only
        eval.add(GroundTruth.of(List.of(truth(0, 0, 100, 100))), List.of(box(0, 0, 0, 100, 62, 0.5f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.ap50(), EPS);
        assertEquals(0.0, m.ap75(), EPS);
        assertEquals(0.3, m.ap(), EPS);
    }

    @Test
    void aFalsePositiveBetweenTwoHitsLowersThePrecisionEnvelope() {
        // ranked: hit (P 1, R .5), miss (P .5), hit (P 2/3, R 1): envelope 1 up to R .5 (51 points), then 2/3 (50 points)
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10), truth(50, 50, 10, 10))),
                List.of(box(0, 0, 0, 10, 10, 0.9f), box(0, 100, 100, 10, 10, 0.8f), box(0, 50, 50, 10, 10, 0.7f)));
        assertEquals((51 + 50 * (2.0 / 3)) / 101, eval.metrics().ap50(), EPS);
    }

    @Test
    void aDuplicateOfAMatchedBoxIsAFalsePositive() {
        // no crowd regions: the second box on the same object finds it taken
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10), truth(50, 50, 10, 10))),
                List.of(box(0, 0, 0, 10, 10, 0.9f), box(0, 0, 0, 10, 10, 0.8f), box(0, 50, 50, 10, 10, 0.7f)));
        assertEquals((51 + 50 * (2.0 / 3)) / 101, eval.metrics().ap50(), EPS);
        assertEquals(3, eval.metrics().detections());
    }

    @Test
    void aDuplicateScoredBelowEveryHitCostsNothing() {
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))),
                List.of(box(0, 0, 0, 10, 10, 0.9f), box(0, 0, 0, 10, 10, 0.1f)));
        assertEquals(1.0, eval.metrics().ap(), EPS);
    }

    @Test
    void tiedScoresKeepTheDetectorsOrderWithinAnImage() {
        CocoEvaluator hitFirst = new CocoEvaluator(Map.of(0, "circle"));
        hitFirst.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))),
                List.of(box(0, 0, 0, 10, 10, 0.5f), box(0, 60, 60, 10, 10, 0.5f)));
        CocoEvaluator missFirst = new CocoEvaluator(Map.of(0, "circle"));
        missFirst.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))),
                List.of(box(0, 60, 60, 10, 10, 0.5f), box(0, 0, 0, 10, 10, 0.5f)));
        assertEquals(1.0, hitFirst.metrics().ap50(), EPS);
        // miss ranked first: precision 0 then 1/2, envelope 1/2 at every recall point
        assertEquals(0.5, missFirst.metrics().ap50(), EPS);
    }

    @Test
    void tiedScoresAcrossImagesRankInTheOrderTheImagesWereAdded() {
        eval.add(GroundTruth.of(List.of()), List.of(box(0, 0, 0, 10, 10, 0.5f)));            // a false positive
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))), List.of(box(0, 0, 0, 10, 10, 0.5f)));
        assertEquals(0.5, eval.metrics().ap50(), EPS);
    }

    @Test
    void theHigherScoreTakesTheObjectEvenWhenALowerOneFitsBetter() {
        // 0.9: IoU 0.6 with the object; 0.8: IoU 1. At .50 the 0.9 box is the hit and the exact one a
        // duplicate; at .75 the 0.9 box misses and the exact one is the hit, ranked second.
        eval.add(GroundTruth.of(List.of(truth(0, 0, 100, 100))),
                List.of(box(0, 0, 0, 100, 60, 0.9f), box(0, 0, 0, 100, 100, 0.8f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.ap50(), EPS);
        assertEquals(0.5, m.ap75(), EPS);
    }

    @Test
    void aClassAbsentFromTheGroundTruthIsLeftOutOfTheMean() {
        CocoEvaluator two = new CocoEvaluator(Map.of(0, "circle", 1, "square"));
        two.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))),
                List.of(box(0, 0, 0, 10, 10, 0.9f), box(1, 30, 30, 10, 10, 0.95f)));
        CocoMetrics m = two.metrics();
        assertEquals(1.0, m.ap(), EPS);
        CocoMetrics.ClassAp square = m.perClass().stream().filter(c -> c.name().equals("square")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(square.ap()));
        assertEquals(0, square.objects());
    }

    @Test
    void aClassWithObjectsButNoDetectionsCountsAsZero() {
        CocoEvaluator two = new CocoEvaluator(Map.of(0, "circle", 1, "square"));
        two.add(GroundTruth.of(List.of(truth(0, 0, 10, 10), box(1, 30, 30, 10, 10, 1f))),
                List.of(box(0, 0, 0, 10, 10, 0.9f)));
        assertEquals(0.5, two.metrics().ap(), EPS);
    }

    @Test
    void detectionsOfClassesOutsideTheCategoriesAreNotScored() {
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))),
                List.of(box(7, 50, 50, 10, 10, 0.99f), box(0, 0, 0, 10, 10, 0.5f)));
        assertEquals(1.0, eval.metrics().ap(), EPS);
    }

    @Test
    void areaRangesScoreEachSizeOnItsOwn() {
        // small object found, medium object missed
        eval.add(GroundTruth.of(List.of(truth(0, 0, 20, 20), truth(50, 50, 50, 50))), List.of(box(0, 0, 0, 20, 20, 0.9f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.apSmall(), EPS);
        assertEquals(0.0, m.apMedium(), EPS); // the small hit is ignored there, not counted as a false positive
        assertEquals(51.0 / 101, m.ap(), EPS);  // recall .5 at precision 1
    }

    @Test
    void anUnmatchedDetectionOutsideTheAreaRangeIsIgnored() {
        // a large false positive does not hurt AP_small
        eval.add(GroundTruth.of(List.of(truth(0, 0, 20, 20))),
                List.of(box(0, 20, 20, 100, 100, 0.95f), box(0, 0, 0, 20, 20, 0.9f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.apSmall(), EPS);
        assertEquals(0.5, m.ap50(), EPS);
    }

    @Test
    void aDetectionInACrowdRegionIsNeitherRightNorWrong() {
        Detection crowd = truth(60, 60, 60, 60);
        GroundTruth withCrowd = new GroundTruth(List.of(truth(0, 0, 10, 10)), List.of(crowd));
        eval.add(withCrowd, List.of(box(0, 70, 70, 20, 20, 0.95f), box(0, 75, 75, 10, 10, 0.94f), box(0, 0, 0, 10, 10, 0.9f)));
        CocoMetrics m = eval.metrics();
        assertEquals(1.0, m.ap(), EPS);
        assertEquals(1, m.objects(), "a crowd region is not an object");
    }

    @Test
    void onlyTheHundredBestDetectionsOfAnImageAreScored() {
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < CocoEvaluator.MAX_DETECTIONS; i++) {
            found.add(box(0, 200 + i * 12, 0, 10, 10, 0.9f));
        }
        found.add(box(0, 0, 0, 10, 10, 0.1f)); // the 101st: the only hit
        eval.add(GroundTruth.of(List.of(truth(0, 0, 10, 10))), found);
        assertEquals(0.0, eval.metrics().ap(), EPS);
    }

    @Test
    void groundTruthIsReadFromCocoWithCrowdsApart(@TempDir Path dir) throws Exception {
        CocoAnnotations coco = new CocoAnnotations(
                List.of(new CocoAnnotations.ImageEntry(5, "a.png", 64, 64), new CocoAnnotations.ImageEntry(6, "b.png", 64, 64)),
                List.of(new CocoAnnotations.Annotation(1, 5, 0, new double[]{1, 2, 10, 20}, 200, 0),
                        new CocoAnnotations.Annotation(2, 5, 0, new double[]{30, 30, 30, 30}, 900, 1)),
                List.of(new CocoAnnotations.Category(0, "circle")));
        coco.write(dir.resolve("a.json"));
        Map<Long, GroundTruth> byImage = GroundTruth.byImage(CocoAnnotations.read(dir.resolve("a.json")));
        assertEquals(List.of(5L, 6L), List.copyOf(byImage.keySet()));
        assertEquals(List.of(new Detection(0, "circle", 1f, 1, 2, 11, 22)), byImage.get(5L).objects());
        assertEquals(1, byImage.get(5L).crowds().size());
        assertTrue(byImage.get(6L).objects().isEmpty());
    }

    @Test
    void classesEvaluatedApartCombineToTheWholeSetsMetrics() {
        Map<Integer, String> both = new java.util.LinkedHashMap<>();
        both.put(0, "circle");
        both.put(1, "square");
        CocoEvaluator together = new CocoEvaluator(both);
        CocoEvaluator circles = new CocoEvaluator(Map.of(0, "circle"));
        CocoEvaluator squares = new CocoEvaluator(Map.of(1, "square"));
        List<GroundTruth> truths = List.of(
                GroundTruth.of(List.of(truth(0, 0, 20, 20), box(1, 40, 40, 50, 50, 1f))),
                GroundTruth.of(List.of(box(1, 0, 0, 10, 10, 1f))));
        List<List<Detection>> found = List.of(
                List.of(box(0, 0, 0, 20, 18, 0.9f), box(1, 40, 40, 50, 40, 0.8f), box(1, 0, 60, 10, 10, 0.7f)),
                List.of(box(1, 1, 1, 10, 10, 0.6f)));
        for (int i = 0; i < truths.size(); i++) {
            together.add(truths.get(i), found.get(i));
            circles.add(truths.get(i), found.get(i));
            squares.add(truths.get(i), found.get(i));
        }
        CocoMetrics whole = together.metrics();
        CocoMetrics combined = CocoMetrics.combine(List.of(circles.metrics(), squares.metrics()));
        assertEquals(whole.ap(), combined.ap(), EPS);
        assertEquals(whole.ap50(), combined.ap50(), EPS);
        assertEquals(whole.ap75(), combined.ap75(), EPS);
        assertEquals(whole.apSmall(), combined.apSmall(), EPS);
        assertEquals(whole.apMedium(), combined.apMedium(), EPS);
        assertEquals(whole.ar100(), combined.ar100(), EPS);
        assertEquals(whole.objects(), combined.objects());
        assertEquals(whole.perClass(), combined.perClass());
    }
}
