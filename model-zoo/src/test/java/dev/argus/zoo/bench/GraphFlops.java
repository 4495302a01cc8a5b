package dev.argus.zoo.bench;

import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Counts the multiply-accumulates of the convolutions (and matmuls) a SameDiff graph executes, from
 * the shapes seen in one real run: a conv2d output element costs kH*kW*Cin MACs, a depthwise one kH*kW.
 * FLOPs = 2 * MACs, the usual convention; element-wise ops are left out (they are memory-bound and small).
 */
final class GraphFlops extends BaseListener {

    private long macs;

    /** FLOPs of one forward pass over {@code batch} images, measured by running {@code outputs} once. */
    static long perImage(SameDiff sd, Map<String, INDArray> placeholders, String[] outputs, long batch) {
        GraphFlops counter = new GraphFlops();
        sd.addListeners(counter);
        try {
            sd.output(placeholders, outputs);
        } finally {
            sd.getListeners().remove(counter);
        }
        return 2 * counter.macs / batch;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
        String name = op.getOp().opName();
        INDArray[] in = ctx.getInputArrays().toArray(INDArray[]::new);
        switch (name) {
            case "conv2d" -> macs += outputs[0].length() * in[1].size(0) * in[1].size(1) * in[1].size(2);
            case "depthwise_conv2d" -> macs += outputs[0].length() * in[1].size(0) * in[1].size(1);
            case "matmul", "mmul" -> macs += outputs[0].length() * in[0].size(in[0].rank() - 1);
            default -> { }
        }
    }
}
