package dev.argus.zoo.arch;

import dev.argus.zoo.postprocess.YoloGridCoding;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The multi-scale YOLO head: one prediction level on the neck's stride-8 map and one on the deepest
 * (stride-16) map, each a 3x3 conv block and three linear 1x1 convs — objectness, box, class logits —
 * concatenated in {@link YoloGridCoding}'s layout and trained by {@link YoloLoss}. Three anchors per
 * level, the six {@link #ANCHORS_PIXELS} (k-means over the shapes task's training boxes, which are
 * squares: the smallest three at stride 8). Objectness and class biases start at the priors (YOLOv5's initialisation),
 * so the first steps are not spent pushing hundreds of empty cells down.
 */
final class YoloFpnHead {

    static final int[] STRIDES = {8, 16};
    static final String[] OUTPUTS = {"yolo_s8", "yolo_s16"};
    static final int ANCHORS_PER_LEVEL = 3;
    /**
     * {w, h} in pixels, smallest area first: {@code AnchorKMeans.cluster} with k = 6 and seed 42 over
     * the 5,961 boxes of images 0..1999 of {@code synthetic:shapes:1} ({@code YoloAnchorsTest} recomputes
     * them). Level l takes anchors {@code 3l .. 3l+2}.
     */
    static final double[][] ANCHORS_PIXELS = {{7, 7}, {9, 9}, {13, 13}, {18, 18}, {26, 26}, {39, 39}};
    /** sigmoid(−4.6) = 0.01: about the share of (cell, anchor) pairs that hold an object. */
    static final double OBJECTNESS_BIAS = -4.6;

    private YoloFpnHead() {
    }

    /** @param maps the stride-8 and stride-16 maps, in {@link #STRIDES} order */
    static void add(GraphBuilder g, String[] maps, int channels, int numClasses) {
        double classBias = Math.log(0.6 / (numClasses - 0.99));
        for (int level = 0; level < STRIDES.length; level++) {
            String name = OUTPUTS[level];
            String features = ConvBlock.add(g, name + "_conv", maps[level], 3, channels);
            int a = ANCHORS_PER_LEVEL;
            g.addLayer(name + "_obj", new ConvolutionLayer.Builder(1, 1).nOut(a).biasInit(OBJECTNESS_BIAS)
                    .activation(Activation.IDENTITY).build(), features);
            g.addLayer(name + "_box", new ConvolutionLayer.Builder(1, 1).nOut(4 * a)
                    .activation(Activation.IDENTITY).build(), features);
            g.addLayer(name + "_cls", new ConvolutionLayer.Builder(1, 1).nOut(a * numClasses).biasInit(classBias)
                    .activation(Activation.IDENTITY).build(), features);
            g.addVertex(name + "_raw", new MergeVertex(), name + "_obj", name + "_box", name + "_cls");
            g.addLayer(name, new CnnLossLayer.Builder(new YoloLoss(anchorsInCells(level), numClasses))
                    .activation(Activation.IDENTITY).build(), name + "_raw");
        }
    }

    /** The anchors of {@code level} in pixels. */
    static double[][] anchorsPixels(int level) {
        return java.util.Arrays.copyOfRange(ANCHORS_PIXELS, level * ANCHORS_PER_LEVEL, (level + 1) * ANCHORS_PER_LEVEL);
    }

    /** The anchors of {@code level} in cells of that level, the unit of the loss and the labels. */
    static double[][] anchorsInCells(int level) {
        double[][] px = anchorsPixels(level);
        double[][] cells = new double[px.length][];
        for (int i = 0; i < px.length; i++) {
            cells[i] = new double[]{px[i][0] / STRIDES[level], px[i][1] / STRIDES[level]};
        }
        return cells;
    }
}
