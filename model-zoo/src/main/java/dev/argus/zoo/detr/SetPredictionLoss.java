package dev.argus.zoo.detr;

import dev.argus.zoo.postprocess.DetrOutput;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * DETR's set loss. Per image, the predictions (one per query) are matched one-to-one to the ground-truth
 * objects by the {@link HungarianMatcher}, minimising
 * <pre>
 *   cost(query, object) = −costClass·p(object's class) + costL1·|box − gt|₁ − costGiou·GIoU(box, gt)
 * </pre>
 * then the loss is a cross-entropy over every query (matched ones toward their object's class, the rest
 * toward "no object", weighted {@code noObjectWeight} because they are the many), plus L1 and
 * 1 − GIoU on the matched boxes, divided by the number of objects in the batch; summed over the decoder
 * layers whose predictions the output holds (each layer matched on its own, as DETR's auxiliary
 * losses). Matching and gradients
 * are computed here in Java because assignment is not a graph op; the transformer before it is
 * differentiated by SameDiff.
 *
 * <p>Labels are [b, maxObjects·5]: per object (class, cx, cy, w, h) as fractions of the input, class −1
 * for unused slots ({@link DetrLabels}). DL4J divides gradients by the batch size, so this returns the
 * gradient of b·loss; {@code computeScore(average=true)} is the loss itself. Jackson (DL4J's JSON)
 * needs the no-argument constructor and the setters.
 */
public final class SetPredictionLoss implements ILossFunction {

    private int queries;
    private int numClasses;
    private int layers = 1;
    private double noObjectWeight = 0.1;
    private double l1Weight = 5;
    private double giouWeight = 2;
    private double costClass = 1;

    public SetPredictionLoss() {
    }

    public SetPredictionLoss(int queries, int numClasses) {
        this(queries, numClasses, 1);
    }

    /** @param layers decoder layers whose predictions are in the output; each gets the whole set loss */
    public SetPredictionLoss(int queries, int numClasses, int layers) {
        this.queries = queries;
        this.numClasses = numClasses;
        this.layers = layers;
    }

    /** The loss of a batch, its per-image parts, and its gradient in the raw outputs. */
    record Evaluation(double loss, double[] perImage, double[] gradient) {
    }

    Evaluation evaluate(INDArray labels, INDArray preOutput) {
        DetrOutput out = new DetrOutput(preOutput, queries, numClasses, layers);
        double[] y = labels.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int images = out.images();
        int slots = (int) (labels.size(1) / 5);
        double[] grad = new double[(int) preOutput.length()];
        double[] perImage = new double[images];
        double loss = 0;
        for (int l = 0; l < layers; l++) {
            loss += evaluateLayer(out, l, y, slots, grad, perImage);
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= images;
        }
        for (int b = 0; b < images; b++) {
            perImage[b] *= images;
        }
        return new Evaluation(loss, perImage, grad);
    }

    /** One decoder layer's set loss: its own matching, its part of the gradient and per-image losses. */
    private double evaluateLayer(DetrOutput out, int l, double[] y, int slots, double[] grad, double[] perImage) {
        int images = out.images();
        int objects = 0;
        double weightSum = 0;
        int[][] matchOf = new int[images][];   // per image, per query: the object slot it answers, or -1
        double[][][] probs = new double[images][queries][];
        double[][][] boxes = new double[images][queries][];
        for (int b = 0; b < images; b++) {
            for (int q = 0; q < queries; q++) {
                probs[b][q] = out.probabilities(b, l, q);
                boxes[b][q] = out.box(b, l, q);
            }
            matchOf[b] = match(probs[b], boxes[b], y, b, slots);
            for (int q = 0; q < queries; q++) {
                if (matchOf[b][q] >= 0) {
                    objects++;
                    weightSum += 1;
                } else {
                    weightSum += noObjectWeight;
                }
            }
        }
        double boxNorm = Math.max(1, objects);
        double loss = 0;
        for (int b = 0; b < images; b++) {
            for (int q = 0; q < queries; q++) {
                int slot = matchOf[b][q];
                int target = slot >= 0 ? (int) y[(b * slots + slot) * 5] : numClasses;
                double w = (slot >= 0 ? 1 : noObjectWeight) / weightSum;
                double[] p = probs[b][q];
                double part = -w * Math.log(Math.max(p[target], 1e-12));
                int o = out.offset(b, l, q);
                for (int c = 0; c <= numClasses; c++) {
                    grad[o + c] = w * (p[c] - (c == target ? 1 : 0));
                }
                if (slot >= 0) {
                    double[] box = boxes[b][q];
                    double[] gt = gtBox(y, b, slots, slot);
                    double[] giouGrad = new double[4];
                    part += giouWeight * (1 - GeneralizedIoU.withGradient(box, gt, giouGrad)) / boxNorm;
                    for (int i = 0; i < 4; i++) {
                        double diff = box[i] - gt[i];
                        part += l1Weight * Math.abs(diff) / boxNorm;
                        double dBox = (l1Weight * Math.signum(diff) - giouWeight * giouGrad[i]) / boxNorm;
                        grad[o + numClasses + 1 + i] = dBox * box[i] * (1 - box[i]); // through the sigmoid
                    }
                }
                perImage[b] += part;
                loss += part;
            }
        }
        return loss;
    }

    /**
     * Per query of image b, the object slot the minimum-cost matching gives it (−1: none).
     *
     * @param probs per query, its class probabilities; {@code boxes}: per query, (cx, cy, w, h)
     */
    private int[] match(double[][] probs, double[][] boxes, double[] y, int b, int slots) {
        int[] byQuery = new int[queries];
        java.util.Arrays.fill(byQuery, -1);
        int[] slotOfRow = new int[slots];
        int rows = 0;
        for (int s = 0; s < slots; s++) {
            if (y[(b * slots + s) * 5] >= 0) {
                slotOfRow[rows++] = s;
            }
        }
        if (rows == 0) {
            return byQuery;
        }
        double[][] cost = new double[rows][queries];
        for (int r = 0; r < rows; r++) {
            int s = slotOfRow[r];
            int cls = (int) y[(b * slots + s) * 5];
            double[] gt = gtBox(y, b, slots, s);
            for (int q = 0; q < queries; q++) {
                double l1 = 0;
                for (int i = 0; i < 4; i++) {
                    l1 += Math.abs(boxes[q][i] - gt[i]);
                }
                cost[r][q] = -costClass * probs[q][cls] + l1Weight * l1 - giouWeight * GeneralizedIoU.of(boxes[q], gt);
            }
        }
        int[] assigned = HungarianMatcher.match(cost);
        for (int r = 0; r < rows; r++) {
            if (assigned[r] >= 0) {
                byQuery[assigned[r]] = slotOfRow[r];
            }
        }
        return byQuery;
    }

    private static double[] gtBox(double[] y, int b, int slots, int slot) {
        int o = (b * slots + slot) * 5;
        return new double[]{y[o + 1], y[o + 2], y[o + 3], y[o + 4]};
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        requireIdentity(activationFn);
        Evaluation e = evaluate(labels, preOutput);
        return average ? e.loss() : e.loss() * preOutput.size(0);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireIdentity(activationFn);
        return Nd4j.createFromArray(evaluate(labels, preOutput).perImage()).reshape(preOutput.size(0), 1)
                .castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireIdentity(activationFn);
        return gradientArray(evaluate(labels, preOutput), preOutput);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        requireIdentity(activationFn);
        Evaluation e = evaluate(labels, preOutput);
        return new Pair<>(average ? e.loss() : e.loss() * preOutput.size(0), gradientArray(e, preOutput));
    }

    private static INDArray gradientArray(Evaluation e, INDArray preOutput) {
        return Nd4j.createFromArray(e.gradient()).reshape(preOutput.shape()).castTo(preOutput.dataType());
    }

    private static void requireIdentity(IActivation activationFn) {
        if (!(activationFn instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("the DETR set loss applies its own softmax and sigmoid; the layer's activation must be identity, not " + activationFn);
        }
    }

    @Override
    public String name() {
        return "SetPredictionLoss";
    }

    @Override
    public String toString() {
        return "SetPredictionLoss(queries=" + queries + ", classes=" + numClasses + ")";
    }

    public int getQueries() {
        return queries;
    }

    public void setQueries(int queries) {
        this.queries = queries;
    }

    public int getNumClasses() {
        return numClasses;
    }

    public void setNumClasses(int numClasses) {
        this.numClasses = numClasses;
    }

    public int getLayers() {
        return layers;
    }

    public void setLayers(int layers) {
        this.layers = layers;
    }

    public double getNoObjectWeight() {
        return noObjectWeight;
    }

    public void setNoObjectWeight(double noObjectWeight) {
        this.noObjectWeight = noObjectWeight;
    }

    public double getL1Weight() {
        return l1Weight;
    }

    public void setL1Weight(double l1Weight) {
        this.l1Weight = l1Weight;
    }

    public double getGiouWeight() {
        return giouWeight;
    }

    public void setGiouWeight(double giouWeight) {
        this.giouWeight = giouWeight;
    }

    public double getCostClass() {
        return costClass;
    }

    public void setCostClass(double costClass) {
        this.costClass = costClass;
    }
}
