package dev.argus.zoo.arch;

import dev.argus.zoo.postprocess.YoloDecoder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The YOLOv2 grid head: at every cell of the stride-8 grid, B anchor boxes, each with x, y, w, h,
 * objectness and class scores, trained by DL4J's {@link Yolo2OutputLayer} (coordinates weighted 5,
 * empty cells' objectness 0.5, as in the paper).
 */
final class Yolo2Head {

    static final String OUTPUT = YoloDecoder.DEFAULT_OUTPUT;
    static final int STRIDE = YoloDecoder.DEFAULT_STRIDE;
    /** Anchor sizes in pixels, spanning the 6..48 px objects of the shapes task (log-spaced). */
    static final double[][] PRIORS_PIXELS = {{8, 8}, {20, 20}, {40, 40}};

    private Yolo2Head() {
    }

    static void add(GraphBuilder g, String input, int channels, int numClasses) {
        int boxes = PRIORS_PIXELS.length;
        ConvBlock.add(g, "yolo_conv", input, 3, channels);
        g.addLayer("yolo_pred", new ConvolutionLayer.Builder(1, 1).nOut(boxes * (5 + numClasses))
                .activation(Activation.IDENTITY).build(), "yolo_conv");
        g.addLayer(OUTPUT, new Yolo2OutputLayer.Builder()
                .boundingBoxPriors(Nd4j.create(priorsInCells()))
                .lambdaCoord(5.0).lambdaNoObj(0.5).build(), "yolo_pred");
    }

    /** The priors in grid cells, the unit DL4J's layer and the labels use. */
    static double[][] priorsInCells() {
        double[][] cells = new double[PRIORS_PIXELS.length][2];
        for (int i = 0; i < cells.length; i++) {
            cells[i][0] = PRIORS_PIXELS[i][0] / STRIDE;
            cells[i][1] = PRIORS_PIXELS[i][1] / STRIDE;
        }
        return cells;
    }
}
