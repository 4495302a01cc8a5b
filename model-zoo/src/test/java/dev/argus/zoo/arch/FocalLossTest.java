package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** The project's own losses against their formulas and against central differences. */
class FocalLossTest {

    @Test
    void scoreFollowsTheFormulaAndIsNormalisedByTheCentres() {
        // one centre (y = 1) with p = 0.8, one background cell with y = 0.5 and p = 0.3; two columns
        INDArray labels = Nd4j.create(new double[][]{{1, 0.5}}).castTo(DataType.DOUBLE);
        INDArray z = Nd4j.create(new double[][]{{logit(0.8), logit(0.3)}}).castTo(DataType.DOUBLE);
        double expected = -Math.pow(0.2, 2) * Math.log(0.8) - Math.pow(0.5, 4) * Math.pow(0.3, 2) * Math.log(0.7);
        assertEquals(expected, new FocalLoss(2, 4).computeScore(labels, z, new ActivationSigmoid(), null, true), 1e-6);
    }

    @Test
    void focalGradientMatchesCentralDifferences() {
        checkGradient(new FocalLoss(2, 4), true, null);
    }

    @Test
    void maskedL1GradientMatchesCentralDifferencesAndIgnoresMaskedRows() {
        INDArray mask = Nd4j.create(new double[][]{{1}, {0}, {1}, {0}, {1}}).castTo(DataType.DOUBLE);
        checkGradient(new MaskedL1Loss(0.1), false, mask);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 2);
        INDArray far = Nd4j.zeros(DataType.DOUBLE, 5, 2);
        far.putScalar(1, 0, 100); // a masked row: no loss however wrong
        assertEquals(0, new MaskedL1Loss(1).computeScore(labels, far, new ActivationIdentity(), mask, true), 1e-12);
        far.putScalar(0, 0, 3);   // a counted row: |3| / 3 centres
        assertEquals(1.0, new MaskedL1Loss(1).computeScore(labels, far, new ActivationIdentity(), mask, true), 1e-9);
    }

    private static void checkGradient(ILossFunction loss, boolean heatmap, INDArray mask) {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 5;
        int cols = 2;
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, cols);
        INDArray z = Nd4j.zeros(DataType.DOUBLE, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                labels.putScalar(r, c, heatmap ? (r == c ? 1 : rnd.nextDouble() * 0.9) : rnd.nextDouble() * 4 - 2);
                z.putScalar(r, c, rnd.nextDouble() * 4 - 2);
            }
        }
        var act = heatmap ? new ActivationSigmoid() : new ActivationIdentity();
        INDArray grad = loss.computeGradient(labels, z.dup(), act, mask);
        double h = 1e-5;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                INDArray plus = z.dup();
                plus.putScalar(r, c, z.getDouble(r, c) + h);
                INDArray minus = z.dup();
                minus.putScalar(r, c, z.getDouble(r, c) - h);
                double numeric = (loss.computeScore(labels, plus, act, mask, true)
                        - loss.computeScore(labels, minus, act, mask, true)) / (2 * h);
                double analytic = grad.getDouble(r, c);
                assertTrue(Math.abs(numeric - analytic) <= 1e-5 * Math.abs(numeric) + 1e-8,
                        loss.name() + " at (" + r + "," + c + "): numeric " + numeric + " analytic " + analytic);
            }
        }
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
