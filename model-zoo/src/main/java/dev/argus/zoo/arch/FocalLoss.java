package dev.argus.zoo.arch;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The penalty-reduced pixel-wise focal loss of CornerNet/CenterNet, which DL4J does not have. Labels are
 * Gaussian heatmaps with exactly 1 at object centres: with p = sigmoid(z),
 * <pre>
 *   y = 1:  -(1-p)^α log p
 *   y < 1:  -(1-y)^β p^α log(1-p)
 * </pre>
 * summed over every cell and class and divided by the number of centres, so the loss does not depend on
 * how crowded an image is. The gradient is written out in z (not through the sigmoid's derivative),
 * which stays finite where p saturates. DL4J's {@code CnnLossLayer} hands the loss a 2-D
 * {@code [batch·h·w, classes]} view, so the positive count is taken over the whole batch.
 *
 * <p>Jackson (DL4J's configuration JSON) needs the no-argument constructor and the getters/setters.
 */
public final class FocalLoss implements ILossFunction {

    /** Probabilities are kept this far from 0 and 1 so that log stays finite, as CenterNet clamps. */
    private static final double CLAMP = 1e-4;

    private double alpha = 2;
    private double beta = 4;

    public FocalLoss() {
    }

    public FocalLoss(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    public double getBeta() {
        return beta;
    }

    public void setBeta(double beta) {
        this.beta = beta;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSigmoid(activationFn);
        double[] z = values(preOutput);
        double[] y = values(labels);
        int rows = (int) preOutput.size(0);
        int cols = (int) preOutput.size(1);
        LossMask m = LossMask.of(mask, z.length, cols);
        double norm = positives(y, m);
        double[] perRow = new double[rows];
        for (int i = 0; i < z.length; i++) {
            double weight = m.at(i);
            if (weight == 0) {
                continue;
            }
            double p = clamp(sigmoid(z[i]));
            double loss = y[i] == 1
                    ? -Math.pow(1 - p, alpha) * Math.log(p)
                    : -Math.pow(1 - y[i], beta) * Math.pow(p, alpha) * Math.log(1 - p);
            perRow[i / cols] += weight * loss / norm;
        }
        return Nd4j.create(perRow, new long[]{rows, 1}, DataType.DOUBLE).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSigmoid(activationFn);
        double[] z = values(preOutput);
        double[] y = values(labels);
        LossMask m = LossMask.of(mask, z.length, (int) preOutput.size(1));
        double norm = positives(y, m);
        double[] grad = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double weight = m.at(i);
            if (weight == 0) {
                continue;
            }
            double p = clamp(sigmoid(z[i]));
            double g = y[i] == 1
                    ? Math.pow(1 - p, alpha) * (alpha * p * Math.log(p) - (1 - p))
                    : Math.pow(1 - y[i], beta) * Math.pow(p, alpha) * (p - alpha * (1 - p) * Math.log(1 - p));
            grad[i] = weight * g / norm;
        }
        return Nd4j.create(grad, preOutput.shape(), DataType.DOUBLE).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "FocalLoss(alpha=" + alpha + ", beta=" + beta + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    private static void requireSigmoid(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSigmoid)) {
            throw new IllegalStateException("FocalLoss is written for a sigmoid output, not " + activationFn);
        }
    }

    private static double positives(double[] y, LossMask mask) {
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1 && mask.at(i) != 0) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** A row-major copy in double: the loss maths runs in double whatever the network's type. */
    static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double clamp(double p) {
        return Math.max(CLAMP, Math.min(1 - CLAMP, p));
    }
}
