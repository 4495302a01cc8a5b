package dev.argus.zoo.tfjs;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/** Ops that pool or pick values along an axis: Mean, GatherV2 (TopKV2 has its own {@link TopKMapper}). */
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
