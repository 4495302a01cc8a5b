package dev.argus.zoo.detr;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Attention over key blocks with an online softmax (the FlashAttention recurrence): each query row keeps
 * a running maximum m, a running sum l of exp(score − m) and an unnormalised output o. For every block
 * of keys,
 * <pre>
 *   s = q·kⱼᵀ            m' = max(m, rowmax s)      α = exp(m − m')
 *   p = exp(s − m')      l  = α·l + rowsum p        o = α·o + p·vⱼ       m = m'
 * </pre>
 * and at the end o / l is exactly softmax(q·kᵀ)·v. Only one [queries × tile] block of scores is alive at
 * a time, so working memory grows with the sequence length N, not N². The loop is unrolled when the
 * graph is built (the number of keys is known then); the last block may be shorter than the tile.
 * SameDiff differentiates the unrolled form like any other graph, so the same code trains. Each block's
 * scores wait (a control dependency) for the previous block's output, which keeps SameDiff from
 * computing all blocks at once ({@code AttentionMemoryBenchmark} measures the difference).
 */
public final class TiledAttention implements Attention {

    private final int tile;

    public TiledAttention(int tile) {
        if (tile < 1) {
            throw new IllegalArgumentException("attention tile must be at least 1 key, got " + tile);
        }
        this.tile = tile;
    }

    public int tile() {
        return tile;
    }

    @Override
    public SDVariable attend(SameDiff sd, SDVariable q, SDVariable k, SDVariable v, int keys, int headSize) {
        if (keys < 1) {
            throw new IllegalArgumentException("attention over " + keys + " keys");
        }
        SDVariable scaled = Attention.scaled(q, headSize);
        SDVariable m = null;
        SDVariable l = null;
        SDVariable o = null;
        for (int from = 0; from < keys; from += tile) {
            int to = Math.min(keys, from + tile);
            SDVariable kj = keyBlock(k, from, to);
            SDVariable vj = keyBlock(v, from, to);
            SDVariable s = sd.mmul(scaled, kj, false, true, false);     // [b, h, nq, to - from]
            if (o != null) {
                // SameDiff runs every ready op breadth-first: without this, all blocks' scores are computed
                // before any is reduced, and the peak is one whole score matrix again
                s.addControlDependency(o);
            }
            SDVariable blockMax = sd.max(s, true, 3);
            SDVariable mNew = m == null ? blockMax : sd.math().max(m, blockMax);
            SDVariable p = sd.math().exp(s.sub(mNew));
            SDVariable pv = sd.mmul(p, vj);
            SDVariable rowSum = sd.sum(p, true, 3);
            if (m == null) {
                l = rowSum;
                o = pv;
            } else {
                SDVariable alpha = sd.math().exp(m.sub(mNew));
                l = l.mul(alpha).add(rowSum);
                o = o.mul(alpha).add(pv);
            }
            m = mNew;
        }
        return o.div(l);
    }

    private static SDVariable keyBlock(SDVariable x, int from, int to) {
        return x.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(from, to), SDIndex.all());
    }
}
