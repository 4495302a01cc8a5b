package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.postprocess.YoloGridCoding;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link YoloLoss}'s hand-written gradient against central differences of its own score, in double
 * precision, on the 2-D {@code [cells, channels]} view DL4J's {@code CnnLossLayer} hands it; plus the
 * values it must take at known points.
 */
class YoloLossTest {

    private static final int ANCHORS = 3;
    private static final int CLASSES = 4;
    private static final int CHANNELS = YoloGridCoding.channels(ANCHORS, CLASSES);
    private static final double[][] ANCHORS_CELLS = {{1.0, 1.0}, {1.6, 1.4}, {2.5, 3.0}};

    @Test
    void gradientMatchesCentralDifferences() {
        Random random = new Random(3);
        int rows = 12;
        double[] y = new double[rows * CHANNELS];
        // assigned pairs: overlapping boxes, one far off its prediction (no overlap: only GIoU's enclosing term
        // pulls), one containing its prediction and one inside it
        int[][] assigned = {{0, 0}, {1, 2}, {4, 1}, {7, 0}, {7, 2}, {11, 1}};
        for (int[] p : assigned) {
            int base = p[0] * CHANNELS;
            y[base + YoloGridCoding.objectness(p[1])] = 1;
            y[base + YoloGridCoding.box(ANCHORS, p[1], 0)] = -0.4 + 1.8 * random.nextDouble();
            y[base + YoloGridCoding.box(ANCHORS, p[1], 1)] = -0.4 + 1.8 * random.nextDouble();
            y[base + YoloGridCoding.box(ANCHORS, p[1], 2)] = ANCHORS_CELLS[p[1]][0] * (0.4 + 2 * random.nextDouble());
            y[base + YoloGridCoding.box(ANCHORS, p[1], 3)] = ANCHORS_CELLS[p[1]][1] * (0.4 + 2 * random.nextDouble());
            y[base + YoloGridCoding.classLogit(ANCHORS, CLASSES, p[1], random.nextInt(CLASSES))] = 1;
        }
        double[] z = new double[rows * CHANNELS];
        for (int i = 0; i < z.length; i++) {
            z[i] = 1.5 * random.nextGaussian();
        }
        setBox(y, z, 4, 1, new double[]{1.4, -0.3, 0.3, 0.3}, new double[]{-3, 3, -1, -1});     // far apart
        setBox(y, z, 7, 0, new double[]{0.5, 0.5, 3.0, 3.0}, new double[]{0.1, -0.2, -0.8, -0.6}); // target contains
        setBox(y, z, 11, 1, new double[]{0.6, 0.4, 0.4, 0.5}, new double[]{0.2, -0.1, 0.9, 0.8});  // prediction contains

        YoloLoss loss = new YoloLoss(ANCHORS_CELLS, CLASSES);
        INDArray labels = Nd4j.create(y, new long[]{rows, CHANNELS}, DataType.DOUBLE);
        INDArray pre = Nd4j.create(z, new long[]{rows, CHANNELS}, DataType.DOUBLE);
        double[] analytic = loss.computeGradient(labels, pre, new ActivationIdentity(), null).dup('c').data().asDouble();
        double h = 1e-6;
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < z.length; i++) {
            double[] plus = z.clone();
            double[] minus = z.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (score(loss, labels, plus, rows) - score(loss, labels, minus, rows)) / (2 * h);
            double err = Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]));
            worst = Math.max(worst, err);
            if (numeric != 0) {
                checked++;
            }
        }
        System.out.println("YoloLoss gradient: worst relative error " + worst + " over " + z.length + " values ("
                + checked + " non-zero)");
        // every objectness, the class logits and at least width and height of each assigned pair (a centre's
        // gradient is truly 0 along an axis on which one box contains the other: GIoU does not change there)
        assertTrue(checked >= rows * ANCHORS + assigned.length * (CLASSES + 2), checked + " non-zero");
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test
    void aPerfectPredictionCostsOnlyItsLogitsDistanceFromCertainty() {
        double[] y = new double[CHANNELS];
        double[] z = new double[CHANNELS];
        for (int a = 0; a < ANCHORS; a++) {
            z[YoloGridCoding.objectness(a)] = -30;
        }
        double[] box = {0.8, 0.2, 1.3, 2.0};
        double[] raw = {logit((box[0] + 0.5) / 2), logit((box[1] + 0.5) / 2),
                logit(Math.sqrt(box[2] / ANCHORS_CELLS[2][0]) / 2), logit(Math.sqrt(box[3] / ANCHORS_CELLS[2][1]) / 2)};
        setBox(y, z, 0, 2, box, raw);
        y[YoloGridCoding.objectness(2)] = 1;
        z[YoloGridCoding.objectness(2)] = 30;
        for (int c = 0; c < CLASSES; c++) {
            int i = YoloGridCoding.classLogit(ANCHORS, CLASSES, 2, c);
            y[i] = c == 1 ? 1 : 0;
            z[i] = c == 1 ? 30 : -30;
        }
        YoloLoss loss = new YoloLoss(ANCHORS_CELLS, CLASSES);
        double s = loss.computeScore(Nd4j.create(y, new long[]{1, CHANNELS}, DataType.DOUBLE),
                Nd4j.create(z, new long[]{1, CHANNELS}, DataType.DOUBLE), new ActivationIdentity(), null, false);
        assertEquals(0, s, 1e-9);
        // BCE on logits stays finite where sigmoid saturates
        assertEquals(1000, YoloLoss.bce(-1000, 1), 1e-9);
        assertEquals(Math.log(2), YoloLoss.bce(0, 1), 1e-12);
    }

    @Test
    void refusesAnActivationItIsNotWrittenFor() {
        YoloLoss loss = new YoloLoss(ANCHORS_CELLS, CLASSES);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 2, CHANNELS);
        assertThrows(IllegalStateException.class, () -> loss.computeGradient(a, a, new ActivationSigmoid(), null));
    }

    private static void setBox(double[] y, double[] z, int row, int anchor, double[] target, double[] raw) {
        for (int k = 0; k < 4; k++) {
            y[row * CHANNELS + YoloGridCoding.box(ANCHORS, anchor, k)] = target[k];
            z[row * CHANNELS + YoloGridCoding.box(ANCHORS, anchor, k)] = raw[k];
        }
    }

    private static double score(YoloLoss loss, INDArray labels, double[] z, int rows) {
        return loss.computeScore(labels, Nd4j.create(z, new long[]{rows, CHANNELS}, DataType.DOUBLE),
                new ActivationIdentity(), null, false);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
