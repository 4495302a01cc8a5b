package dev.argus.zoo.arch;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * CenterNet's size and offset loss: L1 at object centres only (the label mask), times a weight, divided
 * by the number of centres in the batch — the same normalisation as {@link FocalLoss}, so the weights
 * (1 for the heatmap, 0.1 for sizes, 1 for offsets, as in the paper) mean what they say. DL4J's own L1
 * averages over every cell of the map, masked or not, which would drown the regression as maps grow.
 */
public final class MaskedL1Loss implements ILossFunction {

    private double weight = 1;

    public MaskedL1Loss() {
    }

    public MaskedL1Loss(double weight) {
        this.weight = weight;
    }

    public double getWeight() {
        return weight;
    }

    public void setWeight(double weight) {
        this.weight = weight;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] a = FocalLoss.values(activationFn.getActivation(preOutput.dup(), false));
        double[] y = FocalLoss.values(labels);
        int rows = (int) preOutput.size(0);
        int cols = (int) preOutput.size(1);
        LossMask m = LossMask.of(mask, a.length, cols);
        double norm = m.countedRows();
        double[] perRow = new double[rows];
        for (int i = 0; i < a.length; i++) {
            perRow[i / cols] += weight * m.at(i) * Math.abs(a[i] - y[i]) / norm;
        }
        return Nd4j.create(perRow, new long[]{rows, 1}, DataType.DOUBLE).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] a = FocalLoss.values(activationFn.getActivation(preOutput.dup(), true));
        double[] y = FocalLoss.values(labels);
        LossMask m = LossMask.of(mask, a.length, (int) preOutput.size(1));
        double norm = m.countedRows();
        double[] dLda = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            dLda[i] = (weight * m.at(i) * Math.signum(a[i] - y[i]) / norm);
        }
        INDArray grad = Nd4j.create(dLda, preOutput.shape(), DataType.DOUBLE).castTo(preOutput.dataType());
        return activationFn.backprop(preOutput.dup(), grad).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "MaskedL1Loss(weight=" + weight + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
