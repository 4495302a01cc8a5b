package dev.argus.zoo.tfjs;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ops that move data around without arithmetic. Their shape arguments must be constants. Each one
 * also decides whether it mixes batch rows (see {@link GraphBuilder}): touching axis 0 does.
 */
final class ShapeMappers {

    private ShapeMappers() {}

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    /** True when the node input carries the batch (it depends on the graph input). */
    private static boolean batched(GraphNode node, GraphBuilder g, int input) throws TfjsImportException {
        return !g.isStatic(node.input(input));
    }

    /**
     * Reshape to a constant shape. A target whose first dimension is the exported batch size keeps the
     * run-time batch instead, so {@code [1, 80, -1]} becomes {@code [batch, 80, -1]}; any other target on
     * batched data folds the batch into other dimensions and marks the node batch-mixing.
     */
    static final class Reshape implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            SameDiff sd = g.sd();
            SDVariable x = g.var(node, 0);
            long[] shape = g.staticLongs(node, 1, "shape");
            if (!batched(node, g, 0) || g.declaredBatch() <= 0) {
                return new SDVariable[] {sd.reshape(x, shape)};
            }
            if (shape.length > 0 && shape[0] == g.declaredBatch() && !g.isBatchMixing(node.input(0))) {
                SDVariable rest = sd.constant(Nd4j.createFromArray(Arrays.copyOfRange(shape, 1, shape.length)));
                return new SDVariable[] {sd.reshape(x, sd.concat(0, g.runtimeBatch(), rest))};
            }
            g.markBatchMixing(node);
            return new SDVariable[] {sd.reshape(x, shape)};
        }
    }

    static final class ExpandDims implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            int axis = Math.toIntExact(g.staticLongs(node, 1, "axis")[0]);
            if (axis == 0 && batched(node, g, 0)) {
                g.markBatchMixing(node);
            }
            return new SDVariable[] {g.sd().expandDims(g.var(node, 0), axis)};
        }
    }

    static final class Transpose implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            int[] perm = ints(g.staticLongs(node, 1, "perm"));
            if (perm.length > 0 && perm[0] != 0 && batched(node, g, 0)) {
                g.markBatchMixing(node);
            }
            // No copy here: the result is the input as stored, with the composed permutation recorded;
            // it is applied only if a consumer needs the TF layout (and two opposite ones cancel).
            GraphBuilder.Permuted in = g.permuted(node.input(0));
            int[] composed = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                composed[i] = in.storedAxis(perm[i]);
            }
            g.storePermuted(node, composed);
            return new SDVariable[] {in.stored()};
        }
    }

    /** ConcatV2(values..., axis). */
    static final class Concat implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            int n = node.inputs().size() - 1;
            int axis = Math.toIntExact(g.staticLongs(node, n, "axis")[0]);
            boolean anyBatched = false;
            for (int i = 0; i < n; i++) {
                anyBatched |= batched(node, g, i);
            }
            if (axis == 0 && anyBatched) {
                g.markBatchMixing(node);
            }
            // Parts all stored with the same permutation are joined as stored.
            GraphBuilder.Permuted first = g.permuted(node.input(0));
            boolean samePerm = first.perm() != null;
            for (int i = 1; i < n && samePerm; i++) {
                samePerm = g.permuted(node.input(i)).is(first.perm());
            }
            SDVariable[] parts = new SDVariable[n];
            for (int i = 0; i < n; i++) {
                parts[i] = samePerm ? g.permuted(node.input(i)).stored() : g.var(node, i);
            }
            if (!samePerm) {
                return new SDVariable[] {g.sd().concat(axis, parts)};
            }
            int rank = first.perm().length;
            g.storePermuted(node, first.perm());
            return new SDVariable[] {g.sd().concat(first.storedAxis(axis < 0 ? axis + rank : axis), parts)};
        }
    }

    /** SplitV(value, size_splits, axis): one output per split. */
    static final class SplitV implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            long[] sizes = g.staticLongs(node, 1, "size_splits");
            int axis = Math.toIntExact(g.staticLongs(node, 2, "axis")[0]);
            if (axis == 0 && batched(node, g, 0)) {
                g.markBatchMixing(node);
            }
            SDVariable sizeVar = g.sd().constant(Nd4j.createFromArray(ints(sizes)));
            return g.sd().splitV(g.var(node, 0), sizeVar, sizes.length, axis);
        }
    }

    /** StridedSlice(input, begin, end, strides) with TF's five bit masks. */
    static final class StridedSlice implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            NodeAttrs a = node.attrs();
            long[] begin = g.staticLongs(node, 1, "begin");
            long[] end = g.staticLongs(node, 2, "end");
            long[] strides = g.staticLongs(node, 3, "strides");
            int beginMask = (int) a.integer("begin_mask", 0);
            int endMask = (int) a.integer("end_mask", 0);
            int ellipsisMask = (int) a.integer("ellipsis_mask", 0);
            int newAxisMask = (int) a.integer("new_axis_mask", 0);
            int shrinkMask = (int) a.integer("shrink_axis_mask", 0);
            boolean keepsAxis0Whole = (ellipsisMask & 1) != 0
                    || ((beginMask & 1) != 0 && (endMask & 1) != 0 && strides[0] == 1
                        && (newAxisMask & 1) == 0 && (shrinkMask & 1) == 0);
            if (!keepsAxis0Whole && batched(node, g, 0)) {
                g.markBatchMixing(node);
            }
            return new SDVariable[] {g.sd().stridedSlice(g.var(node, 0), begin, end, strides,
                    beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask)};
        }
    }

    /** Pad (zeros) and PadV2 (a constant value, e.g. -inf before a VALID max-pool). */
    static final class Pad implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            INDArray paddings = g.staticValue(node, 1, "paddings").castTo(DataType.INT32);
            double value = node.op().equals("PadV2") ? g.staticValue(node, 2, "constant_values").getDouble(0) : 0.0;
            if (paddings.rank() != 2 || paddings.size(1) != 2) {
                throw new TfjsImportException(node + ": paddings must be [rank, 2], got " + paddings.shapeInfoToString());
            }
            if ((paddings.getInt(0, 0) != 0 || paddings.getInt(0, 1) != 0) && batched(node, g, 0)) {
                g.markBatchMixing(node);
            }
            GraphBuilder.Permuted in = g.permuted(node.input(0));
            INDArray stored = paddings.dup();
            for (int i = 0; i < paddings.size(0); i++) {
                stored.putRow(in.storedAxis(i), paddings.getRow(i));
            }
            if (in.perm() != null) {
                g.storePermuted(node, in.perm());
            }
            return new SDVariable[] {g.sd().nn().pad(in.stored(), g.sd().constant(stored), PadMode.CONSTANT, value)};
        }
    }

    static final class Cast implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            String to = node.attrs().type("DstT", "");
            DataType type = switch (to) {
                case "DT_FLOAT" -> DataType.FLOAT;
                // TF.js has no 64-bit ints: int64 tensors are int32 there, and so here.
                case "DT_INT32", "DT_INT64" -> DataType.INT32;
                case "DT_BOOL" -> DataType.BOOL;
                default -> throw new TfjsImportException(node + ": cast to " + to + " is not supported");
            };
            return new SDVariable[] {g.var(node, 0).castTo(type)};
        }
    }
}
