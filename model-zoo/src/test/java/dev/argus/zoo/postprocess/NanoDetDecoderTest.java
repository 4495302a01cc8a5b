package dev.argus.zoo.postprocess;

import static dev.argus.zoo.postprocess.CenterNetDecoderTest.assertBox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A 32x32 input, strides 8 (4x4 cells) and 16 (2x2 cells), 2 classes, reg_max 3 (4 bins per side). */
class NanoDetDecoderTest {

    private static final int C = 2;
    private static final int BINS = 4;
    private static final float CONFIDENT = 30f; // a logit that makes its bin's softmax ~1

    @Test
    void boxSidesAreTheExpectedBinTimesTheStrideFromTheCellCentre() {
        Level s8 = new Level(8, 16);
        Level s16 = new Level(16, 4);
        int cell = 2 * 4 + 1; // x=1, y=2
        s8.scores[cell * C + 1] = 0.8f;
        s8.oneHotSides(cell, 2, 1, 3, 0);

        CandidateBoxes b = decoder(Map.of()).decode(outputs(s8, s16)).get(0);
        assertEquals(1, b.size());
        // centre (1.5*8, 2.5*8) = (12, 20); left 2*8, top 1*8, right 3*8, bottom 0
        assertBox(b, 0, 1, 0.8f, -4, 12, 36, 20);
    }

    @Test
    void aFlatDistributionGivesTheMeanBin() {
        Level s8 = new Level(8, 16);
        Level s16 = new Level(16, 4);
        s16.scores[3 * C] = 0.9f; // cell x=1, y=1 of the 2x2 grid: centre (24, 24); all logits 0
        CandidateBoxes b = decoder(Map.of()).decode(outputs(s8, s16)).get(0);
        float d = 1.5f * 16; // (0+1+2+3)/4 bins
        assertBox(b, 0, 0, 0.9f, 24 - d, 24 - d, 24 + d, 24 + d);
    }

    @Test
    void oneCellCanYieldSeveralClassesAndIgnoredClassesAreSkipped() {
        Level s8 = new Level(8, 16);
        Level s16 = new Level(16, 4);
        s8.scores[0] = 0.7f;
        s8.scores[1] = 0.6f;
        s8.oneHotSides(0, 1, 1, 1, 1);

        assertEquals(2, decoder(Map.of()).decode(outputs(s8, s16)).get(0).size());
        CandidateBoxes b = decoder(Map.of("ignore_classes", List.of(0))).decode(outputs(s8, s16)).get(0);
        assertEquals(1, b.size());
        assertEquals(1, b.classId(0));
    }

    @Test
    void nmsMergesTheSameObjectSeenAtTwoStrides() {
        Level s8 = new Level(8, 16);
        Level s16 = new Level(16, 4);
        // an object centred at (20, 20), 16 px each way: stride 8 cell (2,2) and stride 16 cell (1,1)
        int c8 = 2 * 4 + 2;
        s8.scores[c8 * C] = 0.6f;
        s8.oneHotSides(c8, 2, 2, 2, 2);
        s16.scores[3 * C] = 0.9f;
        s16.oneHotSides(3, 1, 1, 1, 1);

        CandidateBoxes b = decoder(Map.of()).decode(outputs(s8, s16)).get(0);
        assertEquals(1, b.size());
        assertBox(b, 0, 0, 0.9f, 8, 8, 40, 40);
    }

    @Test
    void matchesOutputsByShapeWhenLevelsAreNotNamed() {
        Level s8 = new Level(8, 16);
        Level s16 = new Level(16, 4);
        s16.scores[0] = 0.5f;
        Map<String, Object> params = new HashMap<>(Map.of("strides", List.of(8, 16), "reg_max", BINS - 1, "score_threshold", 0.3));
        CandidateBoxes b = new NanoDetDecoder(new DecoderSpec("nanodet", params), C, 32, 32).decode(outputs(s8, s16)).get(0);
        assertEquals(1, b.size());
        assertEquals(0.5f, b.score(0));
    }

    @Test
    void decodesEachImageOfABatch() {
        int n = 2;
        float[] scores8 = new float[n * 16 * C];
        scores8[16 * C + 5 * C + 1] = 0.9f; // image 1, cell 5, class 1
        Map<String, INDArray> outs = new HashMap<>();
        outs.put("s8", Nd4j.create(scores8, new long[]{n, 16, C}, 'c'));
        outs.put("b8", Nd4j.create(new float[n * 16 * 4 * BINS], new long[]{n, 16, 4 * BINS}, 'c'));
        outs.put("s16", Nd4j.create(new float[n * 4 * C], new long[]{n, 4, C}, 'c'));
        outs.put("b16", Nd4j.create(new float[n * 4 * 4 * BINS], new long[]{n, 4, 4 * BINS}, 'c'));

        List<CandidateBoxes> out = decoder(Map.of()).decode(outs);
        assertEquals(0, out.get(0).size());
        assertEquals(1, out.get(1).size());
        assertEquals(1, out.get(1).classId(0));
    }

    @Test
    void namesAnOutputOfTheWrongShape() {
        Map<String, INDArray> outs = outputs(new Level(8, 16), new Level(16, 4));
        outs.put("b16", Nd4j.create(new float[4 * 32], new long[]{1, 4, 32}, 'c'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder(Map.of()).decode(outs));
        assertTrue(e.getMessage().contains("output 'b16' has shape [1, 4, 32], expected [1, 4, 16]"), e.getMessage());
    }

    private static NanoDetDecoder decoder(Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>(Map.of("reg_max", BINS - 1, "score_threshold", 0.3, "nms_iou", 0.5,
                "levels", List.of(Map.of("stride", 8, "scores_output", "s8", "boxes_output", "b8"),
                        Map.of("stride", 16, "scores_output", "s16", "boxes_output", "b16"))));
        p.putAll(overrides);
        return new NanoDetDecoder(new DecoderSpec("nanodet", p), C, 32, 32);
    }

    private static Map<String, INDArray> outputs(Level s8, Level s16) {
        Map<String, INDArray> m = new HashMap<>();
        m.put("s8", Nd4j.create(s8.scores, new long[]{1, s8.cells, C}, 'c'));
        m.put("b8", Nd4j.create(s8.bins, new long[]{1, s8.cells, 4 * BINS}, 'c'));
        m.put("s16", Nd4j.create(s16.scores, new long[]{1, s16.cells, C}, 'c'));
        m.put("b16", Nd4j.create(s16.bins, new long[]{1, s16.cells, 4 * BINS}, 'c'));
        return m;
    }

    private static final class Level {
        final int cells;
        final float[] scores;
        final float[] bins;

        Level(int stride, int cells) {
            this.cells = cells;
            this.scores = new float[cells * C];
            this.bins = new float[cells * 4 * BINS];
        }

        /** Puts all of each side's probability on one bin. */
        void oneHotSides(int cell, int left, int top, int right, int bottom) {
            int[] sides = {left, top, right, bottom};
            for (int s = 0; s < 4; s++) {
                bins[cell * 4 * BINS + s * BINS + sides[s]] = CONFIDENT;
            }
        }
    }
}
