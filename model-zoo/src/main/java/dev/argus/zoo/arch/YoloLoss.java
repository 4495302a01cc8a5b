package dev.argus.zoo.arch;

import dev.argus.zoo.postprocess.YoloGridCoding;
import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The loss of one level of the multi-scale YOLO head, on raw outputs laid out as
 * {@link YoloGridCoding} says. Labels have the same channels: objectness 1 at an assigned (cell,
 * anchor), 0 elsewhere; at an assigned one the true box (centre offset from the cell's corner and
 * size, in cells of this level) and the one-hot class. With P the number of assigned (cell, anchor)
 * pairs in the batch (at least 1):
 * <pre>
 *   L = ( box · Σ_assigned (1 − GIoU(predicted box, true box))
 *       + cls · Σ_assigned Σ_c BCE(class logit c, one-hot c)
 *       + obj · Σ_every (cell, anchor) BCE(objectness logit, 0 or 1) ) / P
 * </pre>
 * BCE is taken on logits, {@code max(z,0) − z·y + log(1 + e^−|z|)}, finite for any z; its gradient is
 * {@code sigmoid(z) − y}. The GIoU gradient is written out through the box's corners (see
 * {@link #giouGradient}); {@code YoloLossTest} checks all of it against central differences.
 * Which (cell, anchor) pairs are assigned is {@link YoloFpnLabels}' rule. Dividing by P, as
 * {@link FocalLoss} divides by the centres, keeps the loss independent of how crowded the batch is.
 *
 * <p>A saved graph names this class (README, "Saved graphs"): Jackson needs the no-argument
 * constructor and the getters/setters; name and package stay.
 */
public final class YoloLoss implements ILossFunction {

    private double[] anchorWidths = {1};
    private double[] anchorHeights = {1};
    private int numClasses = 1;
    private double boxWeight = 5;
    private double classWeight = 1;
    private double objectnessWeight = 1;

    public YoloLoss() {
    }

    /** @param anchorsInCells per anchor {w, h} in cells of this level */
    public YoloLoss(double[][] anchorsInCells, int numClasses) {
        this.anchorWidths = Arrays.stream(anchorsInCells).mapToDouble(a -> a[0]).toArray();
        this.anchorHeights = Arrays.stream(anchorsInCells).mapToDouble(a -> a[1]).toArray();
        this.numClasses = numClasses;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] perRow = new double[(int) preOutput.size(0)];
        evaluate(labels, preOutput, activationFn, mask, perRow, null);
        return Nd4j.create(perRow, new long[]{perRow.length, 1}, DataType.DOUBLE).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] grad = new double[(int) preOutput.length()];
        evaluate(labels, preOutput, activationFn, mask, null, grad);
        return Nd4j.create(grad, preOutput.shape(), DataType.DOUBLE).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        double[] perRow = new double[(int) preOutput.size(0)];
        double[] grad = new double[(int) preOutput.length()];
        evaluate(labels, preOutput, activationFn, mask, perRow, grad);
        double score = 0;
        for (double v : perRow) {
            score += v;
        }
        return new Pair<>(score, Nd4j.create(grad, preOutput.shape(), DataType.DOUBLE).castTo(preOutput.dataType()));
    }

    /** Fills the per-row loss and/or the gradient in the raw outputs (either may be null). */
    private void evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                          double[] perRow, double[] grad) {
        if (!(activationFn instanceof ActivationIdentity)) {
            throw new IllegalStateException("YoloLoss reads raw logits: give its layer an identity activation, not " + activationFn);
        }
        if (mask != null) {
            throw new IllegalArgumentException("YoloLoss takes no label mask: unassigned cells are its negatives");
        }
        int anchors = anchorWidths.length;
        int cols = (int) preOutput.size(1);
        if (cols != YoloGridCoding.channels(anchors, numClasses)) {
            throw new IllegalArgumentException("YoloLoss for " + anchors + " anchors and " + numClasses + " classes expects "
                    + YoloGridCoding.channels(anchors, numClasses) + " channels, got " + cols);
        }
        double[] z = FocalLoss.values(preOutput);
        double[] y = FocalLoss.values(labels);
        int rows = z.length / cols;
        int assigned = 0;
        for (int r = 0; r < rows; r++) {
            for (int a = 0; a < anchors; a++) {
                if (y[r * cols + YoloGridCoding.objectness(a)] == 1) {
                    assigned++;
                }
            }
        }
        double norm = Math.max(1, assigned);
        double[] dBox = new double[4];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double rowLoss = 0;
            for (int a = 0; a < anchors; a++) {
                int o = base + YoloGridCoding.objectness(a);
                rowLoss += objectnessWeight * bce(z[o], y[o]);
                if (grad != null) {
                    grad[o] = objectnessWeight * (sigmoid(z[o]) - y[o]) / norm;
                }
                if (y[o] != 1) {
                    continue;
                }
                for (int c = 0; c < numClasses; c++) {
                    int i = base + YoloGridCoding.classLogit(anchors, numClasses, a, c);
                    rowLoss += classWeight * bce(z[i], y[i]);
                    if (grad != null) {
                        grad[i] = classWeight * (sigmoid(z[i]) - y[i]) / norm;
                    }
                }
                int b = base + YoloGridCoding.box(anchors, a, 0);
                double loss = giouGradient(z, y, b, anchorWidths[a], anchorHeights[a], grad == null ? null : dBox);
                rowLoss += boxWeight * loss;
                if (grad != null) {
                    for (int k = 0; k < 4; k++) {
                        grad[b + k] = boxWeight * dBox[k] / norm;
                    }
                }
            }
            if (perRow != null) {
                perRow[r] = rowLoss / norm;
            }
        }
    }

    /**
     * 1 − GIoU of the box predicted by {@code z[b..b+3]} against the true box {@code y[b..b+3]} (both in
     * cells, relative to the cell), and, into {@code d} unless null, its gradient in the four raw values.
     * With I the intersection, U the union, E the enclosing box's area and A the predicted area,
     * {@code L = 2 − I/U − U/E} and {@code U = A + A_true − I}, so
     * {@code dL = dI·(1/E − 1/U − I/U²) + dA·(I/U² − 1/E) + dE·U/E²}; the corners' partials of I, A
     * and E follow from which box's side is the inner or outer one.
     */
    static double giouGradient(double[] z, double[] y, int b, double anchorW, double anchorH, double[] d) {
        double px = YoloGridCoding.centre(z[b]);
        double py = YoloGridCoding.centre(z[b + 1]);
        double pw = YoloGridCoding.size(z[b + 2], anchorW);
        double ph = YoloGridCoding.size(z[b + 3], anchorH);
        double x1 = px - pw / 2, x2 = px + pw / 2, y1 = py - ph / 2, y2 = py + ph / 2;
        double gx1 = y[b] - y[b + 2] / 2, gx2 = y[b] + y[b + 2] / 2;
        double gy1 = y[b + 1] - y[b + 3] / 2, gy2 = y[b + 1] + y[b + 3] / 2;
        double iw = Math.min(x2, gx2) - Math.max(x1, gx1);
        double ih = Math.min(y2, gy2) - Math.max(y1, gy1);
        boolean overlap = iw > 0 && ih > 0;
        double inter = overlap ? iw * ih : 0;
        double area = pw * ph;
        double union = area + y[b + 2] * y[b + 3] - inter;
        double ew = Math.max(x2, gx2) - Math.min(x1, gx1);
        double eh = Math.max(y2, gy2) - Math.min(y1, gy1);
        double enclosing = ew * eh;
        double loss = 2 - inter / union - union / enclosing;
        if (d == null) {
            return loss;
        }
        double dI = 1 / enclosing - 1 / union - inter / (union * union);
        double dA = inter / (union * union) - 1 / enclosing;
        double dE = union / (enclosing * enclosing);
        // partials in the corners x1, x2, y1, y2
        double dx1 = dA * -(y2 - y1) + dE * (x1 < gx1 ? -eh : 0) + (overlap && x1 > gx1 ? dI * -ih : 0);
        double dx2 = dA * (y2 - y1) + dE * (x2 > gx2 ? eh : 0) + (overlap && x2 < gx2 ? dI * ih : 0);
        double dy1 = dA * -(x2 - x1) + dE * (y1 < gy1 ? -ew : 0) + (overlap && y1 > gy1 ? dI * -iw : 0);
        double dy2 = dA * (x2 - x1) + dE * (y2 > gy2 ? ew : 0) + (overlap && y2 < gy2 ? dI * iw : 0);
        // corners from centre and size, then through the coding: d centre/dt = 2σ(1−σ), d size/dt = 8·anchor·σ²(1−σ)
        double sx = sigmoid(z[b]), sy = sigmoid(z[b + 1]), sw = sigmoid(z[b + 2]), sh = sigmoid(z[b + 3]);
        d[0] = (dx1 + dx2) * 2 * sx * (1 - sx);
        d[1] = (dy1 + dy2) * 2 * sy * (1 - sy);
        d[2] = (dx2 - dx1) / 2 * 8 * anchorW * sw * sw * (1 - sw);
        d[3] = (dy2 - dy1) / 2 * 8 * anchorH * sh * sh * (1 - sh);
        return loss;
    }

    /** Binary cross-entropy on a logit, stable for any z. */
    static double bce(double z, double y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private static double sigmoid(double z) {
        return YoloGridCoding.sigmoid(z);
    }

    public double[] getAnchorWidths() {
        return anchorWidths;
    }

    public void setAnchorWidths(double[] anchorWidths) {
        this.anchorWidths = anchorWidths;
    }

    public double[] getAnchorHeights() {
        return anchorHeights;
    }

    public void setAnchorHeights(double[] anchorHeights) {
        this.anchorHeights = anchorHeights;
    }

    public int getNumClasses() {
        return numClasses;
    }

    public void setNumClasses(int numClasses) {
        this.numClasses = numClasses;
    }

    public double getBoxWeight() {
        return boxWeight;
    }

    public void setBoxWeight(double boxWeight) {
        this.boxWeight = boxWeight;
    }

    public double getClassWeight() {
        return classWeight;
    }

    public void setClassWeight(double classWeight) {
        this.classWeight = classWeight;
    }

    public double getObjectnessWeight() {
        return objectnessWeight;
    }

    public void setObjectnessWeight(double objectnessWeight) {
        this.objectnessWeight = objectnessWeight;
    }

    @Override
    public String name() {
        return "YoloLoss(anchors=" + anchorWidths.length + ", classes=" + numClasses + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
