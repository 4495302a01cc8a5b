package dev.argus.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    @Test
    void keepsTheBetterOfTwoOverlappingBoxesOfOneClass() {
        CandidateBoxes b = new CandidateBoxes();
        b.add(0, 0, 10, 10, 0.6f, 0);
        b.add(1, 1, 10, 10, 0.9f, 0); // IoU 0.81 with the first

        assertArrayEquals(new int[]{1}, NonMaxSuppression.perClass(0.5f, 100).keep(b));
        assertArrayEquals(new int[]{1, 0}, NonMaxSuppression.perClass(0.85f, 100).keep(b), "below the threshold both stay");
    }

    @Test
    void classesDoNotSuppressEachOtherUnlessAgnostic() {
        CandidateBoxes b = new CandidateBoxes();
        b.add(0, 0, 10, 10, 0.9f, 0);
        b.add(0, 0, 10, 10, 0.8f, 1);

        assertArrayEquals(new int[]{0, 1}, NonMaxSuppression.perClass(0.5f, 100).keep(b));
        assertArrayEquals(new int[]{0}, NonMaxSuppression.classAgnostic(0.5f, 100).keep(b));
    }

    @Test
    void isGreedyASuppressedBoxSuppressesNothing() {
        CandidateBoxes b = new CandidateBoxes();
        b.add(0, 0, 10, 10, 0.7f, 0);   // C: overlaps only B
        b.add(4, 0, 14, 10, 0.8f, 0);   // B: overlaps A and C (IoU 0.43 each)
        b.add(8, 0, 18, 10, 0.9f, 0);   // A

        assertArrayEquals(new int[]{2, 0}, NonMaxSuppression.perClass(0.4f, 100).keep(b));
    }

    @Test
    void returnsHighestScoreFirstAndStopsAtMaxDetections() {
        CandidateBoxes b = new CandidateBoxes();
        for (int i = 0; i < 10; i++) {
            b.add(i * 20, 0, i * 20 + 10, 10, i / 10f, 0);
        }
        assertArrayEquals(new int[]{9, 8, 7}, NonMaxSuppression.perClass(0.5f, 3).keep(b));
    }

    @Test
    void ordersNegativeScoresTiesAndDropsNaN() {
        CandidateBoxes b = new CandidateBoxes();
        b.add(0, 0, 1, 1, -2f, 0);
        b.add(2, 0, 3, 1, Float.NaN, 0);
        b.add(4, 0, 5, 1, 0.5f, 0);
        b.add(6, 0, 7, 1, -0.5f, 0);
        b.add(8, 0, 9, 1, 0.5f, 0);

        assertArrayEquals(new int[]{2, 4, 3, 0}, NonMaxSuppression.perClass(0.5f, 100).keep(b));
    }

    @Test
    void degenerateBoxesNeverSuppress() {
        CandidateBoxes b = new CandidateBoxes();
        b.add(5, 5, 5, 5, 0.9f, 0);
        b.add(5, 5, 5, 5, 0.8f, 0);
        assertArrayEquals(new int[]{0, 1}, NonMaxSuppression.perClass(0.0f, 100).keep(b));
    }

    @Test
    void agreesWithTheTextbookAllPairsVersionOnRandomBoxes() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Detection> dets = RandomBoxes.clustered(rnd, 1_000, 1 + rnd.nextInt(5));
            for (boolean aware : new boolean[]{true, false}) {
                float iou = 0.3f + rnd.nextFloat() * 0.4f;
                NonMaxSuppression nms = aware ? NonMaxSuppression.perClass(iou, 300) : NonMaxSuppression.classAgnostic(iou, 300);
                assertEquals(textbook(dets, iou, aware, 300), nms.apply(dets), "round " + round + " aware=" + aware);
            }
        }
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> NonMaxSuppression.perClass(1.5f, 10));
        assertThrows(IllegalArgumentException.class, () -> NonMaxSuppression.perClass(0.5f, 0));
    }

    /** Sort, then suppress every later box by every kept one: obviously right, O(n²). */
    private static List<Detection> textbook(List<Detection> dets, float iou, boolean aware, int max) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dets.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> -dets.get(i).score()).thenComparing(i -> i));
        boolean[] removed = new boolean[dets.size()];
        List<Detection> kept = new ArrayList<>();
        for (int a = 0; a < order.size() && kept.size() < max; a++) {
            int i = order.get(a);
            if (removed[i]) {
                continue;
            }
            kept.add(dets.get(i));
            for (int b = a + 1; b < order.size(); b++) {
                int j = order.get(b);
                if ((!aware || dets.get(i).classId() == dets.get(j).classId()) && dets.get(i).iou(dets.get(j)) > iou) {
                    removed[j] = true;
                }
            }
        }
        return kept;
    }
}
