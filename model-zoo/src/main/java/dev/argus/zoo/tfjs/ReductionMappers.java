package dev.argus.zoo.tfjs;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.transforms.custom.TopK;
import org.nd4j.linalg.api.buffer.DataType;

/** Ops that pick or pool values along axes: Mean, TopKV2, GatherV2. */
final class ReductionMappers {

    private ReductionMappers() {}

    /** Mean(input, reduction_indices) with keep_dims. */
    static final class Mean implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            int[] axes = Arrays.stream(g.staticLongs(node, 1, "reduction_indices")).mapToInt(Math::toIntExact).toArray();
            if (Arrays.stream(axes).anyMatch(a -> a == 0) && !g.isStatic(node.input(0))) {
                g.markBatchMixing(node);
            }
            boolean keepDims = node.attrs().flag("keep_dims", false);
            return new SDVariable[] {g.sd().mean(g.var(node, 0), keepDims, axes)};
        }
    }

    /** TopKV2(input, k) over the last axis: values, then int32 indices. */
    static final class TopKV2 implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            long k = g.staticLongs(node, 1, "k")[0];
            boolean sorted = node.attrs().flag("sorted", true);
            SDVariable[] out = new TopKOp(g.sd(), g.var(node, 0), Math.toIntExact(k), sorted).outputVariables();
            return new SDVariable[] {out[0], out[1].castTo(DataType.INT32)};
        }
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

    /** GatherV2(params, indices, axis) with batch_dims 0. */
    static final class Gather implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            if (node.attrs().integer("batch_dims", 0) != 0) {
                throw new TfjsImportException(node + ": batch_dims " + node.attrs().integer("batch_dims", 0)
                        + " is not supported (0 only)");
            }
            int axis = Math.toIntExact(g.staticLongs(node, 2, "axis")[0]);
            if (axis == 0 && !g.isStatic(node.input(0))) {
                g.markBatchMixing(node);
            }
            return new SDVariable[] {g.sd().gather(g.var(node, 0), g.var(node, 1), axis)};
        }
    }
}
