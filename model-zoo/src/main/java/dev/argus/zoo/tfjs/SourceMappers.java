package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Nodes that introduce values: the graph input, weights, and constants built from constants. */
final class SourceMappers {

    private SourceMappers() {}

    /**
     * The graph input. A model exported with batch 1 gets a dynamic batch dimension, so callers can
     * run larger batches; {@link GraphBuilder} keeps the outputs that cannot follow correct.
     */
    static final class Placeholder implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            if (g.declaredBatch() != -1) {
                throw new TfjsImportException(node + ": the importer supports graphs with one input only");
            }
            long[] shape = ModelJson.dims(node.attrs().shapeDims());
            String dtype = node.attrs().type("dtype", "DT_FLOAT");
            if (!dtype.equals("DT_FLOAT")) {
                throw new TfjsImportException(node + ": input dtype " + dtype + " is not supported (DT_FLOAT only)");
            }
            long[] graphShape = shape.clone();
            long declaredBatch = shape.length > 0 && shape[0] > 0 ? shape[0] : 0;
            if (declaredBatch > 0) {
                graphShape[0] = -1;
            }
            SDVariable input = g.sd().placeHolder(node.name(), DataType.FLOAT, graphShape);
            g.input(input, declaredBatch);
            return new SDVariable[] {input};
        }
    }

    /** A weight from the weightsManifest (TF.js moves every Const value there). */
    static final class Const implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            INDArray value = g.weights().get(node.name());
            if (value == null) {
                throw new TfjsImportException(node + " has no weight of that name in the weightsManifest");
            }
            return new SDVariable[] {g.sd().constant(node.name(), value)};
        }
    }

    /**
     * SparseToDense(indices, output_shape, values, default). Only seen on constant inputs (ONNX-to-TF
     * shape plumbing), so it is evaluated here at import time.
     */
    static final class SparseToDense implements OpMapper {
        @Override
        public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
            long[] shape = g.staticLongs(node, 1, "output_shape");
            INDArray indices = g.staticValue(node, 0, "sparse_indices");
            INDArray values = g.staticValue(node, 2, "sparse_values");
            INDArray fill = g.staticValue(node, 3, "default_value");
            INDArray dense = Nd4j.valueArrayOf(shape, fill.getDouble(0), fill.dataType());
            long n = indices.isEmpty() ? 0 : indices.size(0);
            for (long i = 0; i < n; i++) {
                long[] at = indices.rank() == 1 ? new long[] {indices.getLong(i)}
                        : indices.getRow(i).castTo(DataType.LONG).toLongVector();
                double v = values.rank() == 0 || values.length() == 1 ? values.getDouble(0) : values.getDouble(i);
                dense.putScalar(at, v);
            }
            return new SDVariable[] {g.sd().constant(dense)};
        }
    }
}
