package dev.argus.zoo.detr;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Scaled dot-product attention as a piece of a SameDiff graph, so that the same model can compute it
 * either way and SameDiff differentiates both for training:
 * <pre>
 *   attend(q, k, v) = softmax(q·kᵀ / √d) · v      q: [b, heads, queries, d]   k, v: [b, heads, keys, d]
 * </pre>
 * {@link PlainAttention} materialises the whole [queries × keys] score matrix; {@link TiledAttention}
 * walks the keys block by block with an online softmax and never holds more than one block of scores.
 */
public interface Attention {

    /**
     * @param keys     the number of keys (k's third dimension), fixed when the graph is built: the tiled
     *                 form unrolls its loop over key blocks
     * @param headSize d, the last dimension of q, k and v
     * @return [b, heads, queries, d]
     */
    SDVariable attend(SameDiff sd, SDVariable q, SDVariable k, SDVariable v, int keys, int headSize);

    /** The two ways, by the name a bundle or a command line uses. */
    enum Kind {
        PLAIN, TILED;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("attention must be plain or tiled, got '" + s + "'");
            }
        }

        public Attention create(int tile) {
            return this == PLAIN ? new PlainAttention() : new TiledAttention(tile);
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Queries times 1/√d: cheaper than scaling every score. */
    static SDVariable scaled(SDVariable q, int headSize) {
        if (headSize < 1) {
            throw new IllegalArgumentException("attention head size must be positive, got " + headSize);
        }
        return q.mul(1 / Math.sqrt(headSize));
    }
}
