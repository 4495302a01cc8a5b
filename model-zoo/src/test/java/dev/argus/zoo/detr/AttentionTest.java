package dev.argus.zoo.detr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttentionTest {

    @ParameterizedTest(name = "b{0} h{1} nq{2} nk{3} d{4} tile {5}")
    @CsvSource({
            "1, 1, 16, 16, 8, 4",    // keys a multiple of the tile
            "2, 2, 5, 7, 4, 3",      // last block shorter
            "2, 4, 33, 50, 8, 16",   // cross-attention shape, 50 = 3 x 16 + 2
            "1, 2, 10, 1, 4, 8",     // a single key
            "3, 1, 9, 6, 12, 64",    // one tile wider than all the keys
            "1, 2, 64, 257, 16, 32"  // a 16x16 map plus one
    })
    void tiledEqualsPlain(int b, int h, int nq, int nk, int d, int tile) {
        Nd4j.getRandom().setSeed(nq * 31L + nk);
        INDArray q = Nd4j.randn(DataType.FLOAT, b, h, nq, d).muli(2);
        INDArray k = Nd4j.randn(DataType.FLOAT, b, h, nk, d).muli(2);
        INDArray v = Nd4j.randn(DataType.FLOAT, b, h, nk, d);
        INDArray plain = run(new PlainAttention(), q, k, v);
        INDArray tiled = run(new TiledAttention(tile), q, k, v);
        assertArrayShape(plain, b, h, nq, d);
        double diff = plain.sub(tiled).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "tiled differs from plain by " + diff);
    }

    @Test
    void tiledAgreesWithTheDefinitionOnAHandCase() {
        // one query, two keys: softmax([1, 0]) = [e/(e+1), 1/(e+1)] over values 1 and 0 → e/(e+1); scaled by 1/√1
        INDArray q = Nd4j.create(new float[]{1}, new long[]{1, 1, 1, 1});
        INDArray k = Nd4j.create(new float[]{1, 0}, new long[]{1, 1, 2, 1});
        INDArray v = Nd4j.create(new float[]{1, 0}, new long[]{1, 1, 2, 1});
        double expected = Math.E / (Math.E + 1);
        assertEquals(expected, run(new TiledAttention(1), q, k, v).getDouble(0), 1e-6);
        assertEquals(expected, run(new PlainAttention(), q, k, v).getDouble(0), 1e-6);
    }

    @Test
    void ropeScoresDependOnlyOnTheOffsetBetweenPositions() {
        int d = 16;
        Nd4j.getRandom().setSeed(7);
        INDArray qv = Nd4j.randn(DataType.FLOAT, 1, d);
        INDArray kv = Nd4j.randn(DataType.FLOAT, 1, d);
        double[][] shifts = {{3, -2}, {0.5, 7.25}, {-11, 0}, {40, 40}};
        double[][] pairs = {{0, 0, 1, 0}, {2, 5, 4, 1}, {7, 7, 0, 3}, {1.5, 2, 1.5, 2}};
        for (double[] pair : pairs) {
            double[] a = {pair[0], pair[1]};
            double[] bPos = {pair[2], pair[3]};
            double base = ropeScore(d, qv, kv, a, bPos);
            for (double[] s : shifts) {
                double shifted = ropeScore(d, qv, kv, new double[]{a[0] + s[0], a[1] + s[1]},
                        new double[]{bPos[0] + s[0], bPos[1] + s[1]});
                assertEquals(base, shifted, 1e-5, "score moved when both positions shifted by " + s[0] + "," + s[1]);
            }
        }
        // the encoding is not a no-op: another offset (in x, then in y) gives another score
        double same = ropeScore(d, qv, kv, new double[]{0, 0}, new double[]{0, 0});
        assertTrue(Math.abs(same - ropeScore(d, qv, kv, new double[]{0, 0}, new double[]{2, 0})) > 1e-3);
        assertTrue(Math.abs(same - ropeScore(d, qv, kv, new double[]{0, 0}, new double[]{0, 2})) > 1e-3);
        assertEquals(qv.mul(kv).sumNumber().doubleValue(), same, 1e-5, "at equal positions RoPE leaves q·k as it was");
    }

    @ParameterizedTest(name = "{0} attention with RoPE")
    @CsvSource({"plain", "tiled"})
    void attentionBlockGradientsMatchFiniteDifferences(String kind) {
        int b = 2, h = 2, n = 6, d = 4;
        Nd4j.getRandom().setSeed(11);
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.var("q", Nd4j.randn(DataType.DOUBLE, b, h, n, d));
        SDVariable k = sd.var("k", Nd4j.randn(DataType.DOUBLE, b, h, n, d));
        SDVariable v = sd.var("v", Nd4j.randn(DataType.DOUBLE, b, h, n, d));
        RotaryEncoding2D rope = new RotaryEncoding2D(d, RotaryEncoding2D.grid(2, 3));
        SDVariable out = Attention.Kind.parse(kind).create(4)
                .attend(sd, rope.rotate(sd, "rq", q, h), rope.rotate(sd, "rk", k, h), v, n, d);
        SDVariable weights = sd.constant("w", Nd4j.randn(DataType.DOUBLE, b, h, n, d));
        out.mul(weights).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> analytic = sd.calculateGradients(Map.of(), "q", "k", "v");
        double eps = 1e-6;
        double worst = 0;
        for (String name : new String[]{"q", "k", "v"}) {
            INDArray param = sd.getVariable(name).getArr();
            for (int i = 0; i < param.length(); i++) {
                double orig = param.getDouble(i);
                param.putScalar(i, orig + eps);
                double plus = loss(sd);
                param.putScalar(i, orig - eps);
                double minus = loss(sd);
                param.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic.get(name).getDouble(i);
                double rel = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                if (Math.abs(a - numeric) > 1e-8) {
                    worst = Math.max(worst, rel);
                }
            }
        }
        assertTrue(worst < 1e-6, kind + " attention: worst relative gradient error " + worst);
    }

    private static double loss(SameDiff sd) {
        return sd.output(new HashMap<>(), "loss").get("loss").getDouble(0);
    }

    private static double ropeScore(int d, INDArray qv, INDArray kv, double[] qPos, double[] kPos) {
        SameDiff sd = SameDiff.create();
        RotaryEncoding2D rope = new RotaryEncoding2D(d, new double[][]{qPos, kPos});
        INDArray tokens = Nd4j.vstack(qv, kv).reshape(1, 1, 2, d);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 1, 2, d);
        rope.rotate(sd, "r", x, 1).rename("rotated");
        INDArray r = sd.output(Map.of("x", tokens), "rotated").get("rotated");
        return r.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).mul(
                r.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(1))).sumNumber().doubleValue();
    }

    private static INDArray run(Attention attention, INDArray q, INDArray k, INDArray v) {
        SameDiff sd = SameDiff.create();
        SDVariable qv = sd.placeHolder("q", DataType.FLOAT, q.shape());
        SDVariable kv = sd.placeHolder("k", DataType.FLOAT, k.shape());
        SDVariable vv = sd.placeHolder("v", DataType.FLOAT, v.shape());
        attention.attend(sd, qv, kv, vv, (int) k.size(2), (int) k.size(3)).rename("out");
        return sd.output(Map.of("q", q, "k", k, "v", v), "out").get("out");
    }

    private static void assertArrayShape(INDArray a, long... shape) {
        assertEquals(java.util.Arrays.toString(shape), java.util.Arrays.toString(a.shape()));
    }
}
