package dev.argus.zoo.detr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SetPredictionLossTest {

    private static final int QUERIES = 5;
    private static final int CLASSES = 3;
    private static final int PER = CLASSES + 5;

    /** Image 0 holds two objects, image 1 one, image 2 none (every query must learn "no object"). */
    private static INDArray labels() {
        double[][] objects = {
                {1, 0.3, 0.4, 0.2, 0.3, 2, 0.7, 0.6, 0.25, 0.1, -1, 0, 0, 0, 0},
                {0, 0.5, 0.5, 0.4, 0.4, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0},
                {-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0}};
        return Nd4j.createFromArray(objects);
    }

    @ParameterizedTest(name = "{0} decoder layer(s)")
    @ValueSource(ints = {1, 2})
    void gradientMatchesFiniteDifferencesThroughTheMatching(int layers) {
        SetPredictionLoss loss = new SetPredictionLoss(QUERIES, CLASSES, layers);
        INDArray labels = labels();
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 3, layers * QUERIES * PER);
        INDArray analytic = loss.computeGradient(labels, z, new ActivationIdentity(), null);
        double eps = 1e-6;
        double worst = 0;
        for (int i = 0; i < z.length(); i++) {
            double orig = z.getDouble(i);
            z.putScalar(i, orig + eps);
            double plus = loss.computeScore(labels, z, new ActivationIdentity(), null, false);
            z.putScalar(i, orig - eps);
            double minus = loss.computeScore(labels, z, new ActivationIdentity(), null, false);
            z.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * eps);
            double a = analytic.getDouble(i);
            if (Math.abs(a - numeric) > 1e-7) {
                worst = Math.max(worst, Math.abs(a - numeric) / (Math.abs(a) + Math.abs(numeric)));
            }
        }
        assertTrue(worst < 1e-5, "worst relative gradient error " + worst);
    }

    @Test
    void theLossIsASetLossPermutingTheQueriesChangesNothing() {
        SetPredictionLoss loss = new SetPredictionLoss(QUERIES, CLASSES);
        Nd4j.getRandom().setSeed(11);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 3, QUERIES * PER);
        INDArray permuted = z.dup();
        int[] order = {3, 0, 4, 1, 2};
        for (int b = 0; b < 3; b++) {
            for (int q = 0; q < QUERIES; q++) {
                for (int k = 0; k < PER; k++) {
                    permuted.putScalar(b, order[q] * PER + k, z.getDouble(b, q * PER + k));
                }
            }
        }
        double a = loss.computeScore(labels(), z, new ActivationIdentity(), null, true);
        double b = loss.computeScore(labels(), permuted, new ActivationIdentity(), null, true);
        assertEquals(a, b, 1e-9);
    }

    @Test
    void aPerfectSetScoresNearZeroWhicheverQueriesHoldTheObjects() {
        SetPredictionLoss loss = new SetPredictionLoss(QUERIES, CLASSES);
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 3, QUERIES * PER);
        for (int b = 0; b < 3; b++) {
            for (int q = 0; q < QUERIES; q++) {
                z.putScalar(b, q * PER + CLASSES, 20); // "no object" everywhere
            }
        }
        // image 0: its objects on queries 4 and 1; image 1: on query 2
        answer(z, 0, 4, 1, 0.3, 0.4, 0.2, 0.3);
        answer(z, 0, 1, 2, 0.7, 0.6, 0.25, 0.1);
        answer(z, 1, 2, 0, 0.5, 0.5, 0.4, 0.4);
        double perfect = loss.computeScore(labels(), z, new ActivationIdentity(), null, true);
        assertTrue(perfect < 1e-6, "loss " + perfect);
        answer(z, 1, 2, 1, 0.5, 0.5, 0.4, 0.4); // right box, wrong class
        assertTrue(loss.computeScore(labels(), z, new ActivationIdentity(), null, true) > 1);
    }

    @Test
    void generalisedIouOnHandCases() {
        double[] a = {0.5, 0.5, 0.2, 0.2};
        assertEquals(1, GeneralizedIoU.of(a, a), 1e-12);
        // half overlap side by side: IoU 1/3, hull = union
        assertEquals(1 / 3.0, GeneralizedIoU.of(a, new double[]{0.6, 0.5, 0.2, 0.2}), 1e-12);
        // disjoint, 0.2 apart: IoU 0, hull 0.6 x 0.2 = 0.12, union 0.08 → −(0.04/0.12)
        assertEquals(-1 / 3.0, GeneralizedIoU.of(a, new double[]{0.9, 0.5, 0.2, 0.2}), 1e-12);
    }

    private static void answer(INDArray z, int b, int q, int cls, double cx, double cy, double w, double h) {
        for (int c = 0; c <= CLASSES; c++) {
            z.putScalar(b, q * PER + c, c == cls ? 20 : 0);
        }
        double[] box = {cx, cy, w, h};
        for (int i = 0; i < 4; i++) {
            z.putScalar(b, q * PER + CLASSES + 1 + i, Math.log(box[i] / (1 - box[i])));
        }
    }
}
