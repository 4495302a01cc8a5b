package dev.argus.zoo.tfjs;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.TopK;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TopKV2(input, k) over the last axis: values, then int32 indices.
 *
 * <p>libnd4j's top_k costs about 2 µs per element at k = 100 (13 s for CenterNet's 1.3 M-value
 * heatmap row), while a plain max is cheap. Long rows are therefore done in two stages: split the row
 * into chunks of c values and take each chunk's max; the k best values all lie in the k chunks with
 * the highest maxima (a chunk holding one of them has a max at least the k-th best value, and at most
 * k chunks can); top_k runs on those k * c values only. With c near sqrt(n / k) both top_k calls see
 * about sqrt(n * k) values: CenterNet's drops from seconds to tens of milliseconds.
 */
final class TopKMapper implements OpMapper {

    /** Below this row length the single libnd4j call is as fast. */
    private static final long TWO_STAGE_FROM = 16_384;

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        int k = Math.toIntExact(g.staticLongs(node, 1, "k")[0]);
        boolean sorted = node.attrs().flag("sorted", true);
        SDVariable x = g.var(node, 0);
        long n = g.probeShape(node.input(0))[g.probeShape(node.input(0)).length - 1];
        if (k <= 1 || n < TWO_STAGE_FROM || n <= 4L * k * k) {
            SDVariable[] out = new TopKOp(g.sd(), x, k, sorted).outputVariables();
            return new SDVariable[] {out[0], out[1].castTo(DataType.INT32)};
        }
        return twoStage(g.sd(), x, n, k);
    }

    private static SDVariable[] twoStage(SameDiff sd, SDVariable x, long n, int k) {
        long c = Long.highestOneBit(Math.max(1, (long) Math.sqrt((double) n / k)) * 2 - 1);
        long chunks = (n + c - 1) / c;
        SDVariable rows = sd.reshape(x, -1, n);
        if (chunks * c != n) {
            rows = sd.nn().pad(rows, sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, (int) (chunks * c - n)}})),
                    PadMode.CONSTANT, Double.NEGATIVE_INFINITY);
        }
        SDVariable rowCount = sd.sizeAt(rows, 0).castTo(DataType.INT32);
        SDVariable rowIds = sd.expandDims(sd.range(sd.constant(0), rowCount, sd.constant(1), DataType.INT32), 1);

        SDVariable blocks = sd.reshape(rows, -1, c);                                   // [R * chunks, c]
        SDVariable chunkMax = sd.reshape(sd.max(blocks, 1), -1, chunks);               // [R, chunks]
        SDVariable bestChunks = new TopKOp(sd, chunkMax, k, true).outputVariables()[1].castTo(DataType.INT32);
        SDVariable globalChunks = sd.math().add(sd.math().mul(rowIds, sd.constant((int) chunks)), bestChunks);
        SDVariable candidates = sd.reshape(sd.gather(blocks, sd.reshape(globalChunks, -1), 0), -1, (long) k * c);

        SDVariable[] best = new TopKOp(sd, candidates, k, true).outputVariables();   // [R, k] each
        SDVariable local = best[1].castTo(DataType.INT32);
        SDVariable slot = sd.math().floorDiv(local, sd.constant((int) c));
        SDVariable within = sd.math().floorMod(local, sd.constant((int) c));
        SDVariable slotIds = sd.math().add(sd.math().mul(rowIds, sd.constant(k)), slot);
        SDVariable chunkOfSlot = sd.reshape(sd.gather(sd.reshape(bestChunks, -1), sd.reshape(slotIds, -1), 0), -1, k);
        SDVariable indices = sd.math().add(sd.math().mul(chunkOfSlot, sd.constant((int) c)), within);

        // back to the input's leading dimensions, with k last
        SDVariable leading = sd.stridedSlice(sd.shape(x), new long[] {0}, new long[] {-1}, new long[] {1});
        SDVariable outShape = sd.concat(0, leading.castTo(DataType.LONG), sd.constant(Nd4j.createFromArray((long) k)));
        return new SDVariable[] {sd.reshape(best[0], outShape), sd.reshape(indices, outShape)};
    }

    /**
     * ND4J M2.1's TopK (and so {@code sd.nn().topK}) passes its integer arguments as [sorted, k] while
     * libnd4j's top_k reads k first, so it silently returns the top 1. This puts them the right way round.
     */
    static final class TopKOp extends TopK {
        TopKOp(SameDiff sd, SDVariable in, int k, boolean sorted) {
            super(sd, in, k, sorted);
            iArguments.clear();
            addIArgument(k, sorted ? 1 : 0);
        }
    }
}
