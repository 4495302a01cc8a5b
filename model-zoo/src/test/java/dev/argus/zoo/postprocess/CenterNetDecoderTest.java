package dev.argus.zoo.postprocess;

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

class CenterNetDecoderTest {

    private static final int H = 8;
    private static final int W = 8;
    private static final int C = 3;

    @Test
    void findsPeaksAboveThresholdAndRegressesLtrbBoxes() {
        float[] heat = new float[H * W * C];
        float[] size = new float[H * W * 4];
        set(heat, 0, 2, 3, 1, 0.9f);
        set(heat, 0, 2, 4, 1, 0.8f);  // next to a higher cell of its class: not a peak
        set(heat, 0, 2, 4, 2, 0.3f);  // same cell, other class, its own peak
        set(heat, 0, 5, 5, 2, 0.6f);
        set(heat, 0, 7, 7, 0, 0.1f);  // a peak, but below the threshold
        setSize(size, 0, 2, 3, 4, 4, 6, 8, 10);
        setSize(size, 0, 2, 4, 4, 1, 1, 1, 1);
        setSize(size, 0, 5, 5, 4, 2, 2, 2, 2);

        List<CandidateBoxes> out = decoder(Map.of()).decode(outputs(heat, size, 1));

        CandidateBoxes b = out.get(0);
        assertEquals(3, b.size());
        assertBox(b, 0, 1, 0.9f, 3 * 4 - 4, 2 * 4 - 6, 3 * 4 + 8, 2 * 4 + 10);
        assertBox(b, 1, 2, 0.6f, 18, 18, 22, 22);
        assertBox(b, 2, 2, 0.3f, 15, 7, 17, 9);
    }

    @Test
    void keepsOnlyTheTopK() {
        float[] heat = new float[H * W * C];
        set(heat, 0, 0, 0, 0, 0.5f);  // corners: the pool window is clipped at the edges
        set(heat, 0, 7, 7, 0, 0.7f);
        set(heat, 0, 0, 7, 0, 0.6f);

        CandidateBoxes b = decoder(Map.of("top_k", 2)).decode(outputs(heat, new float[H * W * 4], 1)).get(0);
        assertEquals(2, b.size());
        assertEquals(0.7f, b.score(0));
        assertEquals(0.6f, b.score(1));
    }

    @Test
    void plateausCountAsPeaksLikeMaxPoolEquality() {
        float[] heat = new float[H * W * C];
        set(heat, 0, 4, 4, 0, 0.5f);
        set(heat, 0, 4, 5, 0, 0.5f);
        CandidateBoxes b = decoder(Map.of("nms_iou", 0)).decode(outputs(heat, new float[H * W * 4], 1)).get(0);
        assertEquals(2, b.size());
    }

    @Test
    void decodesEachImageOfABatchSeparately() {
        float[] heat = new float[2 * H * W * C];
        float[] size = new float[2 * H * W * 4];
        set(heat, 0, 1, 1, 0, 0.9f);
        set(heat, 1, 6, 6, 2, 0.8f);
        set(heat, 1, 1, 1, 1, 0.7f);
        setSize(size, 1, 6, 6, 4, 1, 2, 3, 4);

        List<CandidateBoxes> out = decoder(Map.of()).decode(outputs(heat, size, 2));
        assertEquals(1, out.get(0).size());
        assertEquals(2, out.get(1).size());
        assertBox(out.get(1), 0, 2, 0.8f, 23, 22, 27, 28);
    }

    @Test
    void suppressesOverlappingPeaksOfOneClass() {
        float[] heat = new float[H * W * C];
        float[] size = new float[H * W * 4];
        set(heat, 0, 3, 2, 0, 0.9f);
        set(heat, 0, 3, 5, 0, 0.8f);   // a separate peak, but its box nearly covers the first one's
        setSize(size, 0, 3, 2, 4, 10, 10, 10, 10);
        setSize(size, 0, 3, 5, 4, 20, 10, 0, 10);

        assertEquals(1, decoder(Map.of("nms_iou", 0.5)).decode(outputs(heat, size, 1)).get(0).size());
        assertEquals(2, decoder(Map.of("nms_iou", 0)).decode(outputs(heat, size, 1)).get(0).size());
    }

    @Test
    void readsPaperStyleWidthHeightAndOffsetsInGridUnits() {
        float[] heat = new float[H * W * C];
        float[] wh = new float[H * W * 2];
        float[] off = new float[H * W * 2];
        set(heat, 0, 2, 3, 0, 0.9f);
        int cell = 2 * W + 3;
        wh[cell * 2] = 2f;
        wh[cell * 2 + 1] = 4f;
        off[cell * 2] = 0.5f;
        off[cell * 2 + 1] = 0.25f;
        Map<String, INDArray> outs = new HashMap<>();
        outs.put("hm", Nd4j.create(heat, new long[]{1, H, W, C}, 'c'));
        outs.put("wh", Nd4j.create(wh, new long[]{1, H, W, 2}, 'c'));
        outs.put("reg", Nd4j.create(off, new long[]{1, H, W, 2}, 'c'));

        CandidateBoxes b = decoder(Map.of("size_format", "wh_grid", "offset_output", "reg")).decode(outs).get(0);
        assertBox(b, 0, 0, 0.9f, (3.5f - 1) * 4, (2.25f - 2) * 4, (3.5f + 1) * 4, (2.25f + 2) * 4);
    }

    @Test
    void appliesTheSigmoidToALogitHeatmap() {
        float[] heat = new float[H * W * C];
        java.util.Arrays.fill(heat, -10f);
        set(heat, 0, 4, 4, 1, 0f);       // sigmoid 0.5
        set(heat, 0, 1, 1, 1, -2f);      // sigmoid 0.12: below 0.2
        CandidateBoxes b = decoder(Map.of("heatmap_sigmoid", true)).decode(outputs(heat, new float[H * W * 4], 1)).get(0);
        assertEquals(1, b.size());
        assertEquals(0.5f, b.score(0), 1e-6);
    }

    @Test
    void namesAMissingOutputAndAWrongShape() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> decoder(Map.of("size_output", "sizes")).decode(outputs(new float[H * W * C], new float[H * W * 4], 1)));
        assertTrue(missing.getMessage().contains("no output 'sizes'"), missing.getMessage());

        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new CenterNetDecoder(spec(Map.of()), 80).decode(outputs(new float[H * W * C], new float[H * W * 4], 1)));
        assertTrue(shape.getMessage().contains("output 'hm' has shape [1, 8, 8, 3]"), shape.getMessage());
    }

    @Test
    void findsOutputsWithOrWithoutThePortSuffix() {
        float[] heat = new float[H * W * C];
        set(heat, 0, 4, 4, 1, 0.9f);
        Map<String, INDArray> outs = Map.of("hm:0", Nd4j.create(heat, new long[]{1, H, W, C}, 'c'),
                "wh:0", Nd4j.create(new float[H * W * 4], new long[]{1, H, W, 4}, 'c'));
        assertEquals(1, decoder(Map.of()).decode(outs).get(0).size());
    }

    private static CenterNetDecoder decoder(Map<String, Object> overrides) {
        return new CenterNetDecoder(spec(overrides), C);
    }

    private static DecoderSpec spec(Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>(Map.of("heatmap_output", "hm", "size_output", "wh", "stride", 4,
                "score_threshold", 0.2, "top_k", 100, "nms_iou", 0.5));
        p.putAll(overrides);
        return new DecoderSpec("centernet", p);
    }

    private static Map<String, INDArray> outputs(float[] heat, float[] size, int n) {
        return Map.of("hm", Nd4j.create(heat, new long[]{n, H, W, C}, 'c'),
                "wh", Nd4j.create(size, new long[]{n, H, W, 4}, 'c'));
    }

    private static void set(float[] heat, int b, int y, int x, int c, float v) {
        heat[((b * H + y) * W + x) * C + c] = v;
    }

    private static void setSize(float[] size, int b, int y, int x, int ch, float... v) {
        System.arraycopy(v, 0, size, ((b * H + y) * W + x) * ch, ch);
    }

    static void assertBox(CandidateBoxes b, int i, int cls, float score, float x1, float y1, float x2, float y2) {
        assertEquals(cls, b.classId(i), "class of box " + i);
        assertEquals(score, b.score(i), 1e-6, "score of box " + i);
        assertEquals(x1, b.x1(i), 1e-4, "x1 of box " + i);
        assertEquals(y1, b.y1(i), 1e-4, "y1 of box " + i);
        assertEquals(x2, b.x2(i), 1e-4, "x2 of box " + i);
        assertEquals(y2, b.y2(i), 1e-4, "y2 of box " + i);
    }
}
