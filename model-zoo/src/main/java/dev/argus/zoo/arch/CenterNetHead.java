package dev.argus.zoo.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The anchor-free CenterNet head at stride 4: a per-class centre heatmap (sigmoid, {@link FocalLoss}),
 * and at each centre the box size in grid cells and the sub-cell offset of the true centre
 * ({@link MaskedL1Loss}, weights 0.1 and 1 as in "Objects as Points"). The three branches share one
 * 3x3 conv to keep the stride-4 map cheap on a CPU.
 */
final class CenterNetHead {

    static final String HEATMAP = "heatmap";
    static final String SIZE = "size";
    static final String OFFSET = "offset";
    static final int STRIDE = 4;
    /** Initial heatmap bias: sigmoid(-2.19) = 0.1, so the focal loss does not start out swamped by background. */
    static final double HEATMAP_BIAS = -2.19;

    private CenterNetHead() {
    }

    static void add(GraphBuilder g, String input, int channels, int numClasses) {
        ConvBlock.add(g, "cn_conv", input, 3, channels);
        g.addLayer("cn_heatmap", new ConvolutionLayer.Builder(1, 1).nOut(numClasses).biasInit(HEATMAP_BIAS)
                .activation(Activation.IDENTITY).build(), "cn_conv");
        g.addLayer(HEATMAP, new CnnLossLayer.Builder(new FocalLoss(2, 4)).activation(Activation.SIGMOID).build(), "cn_heatmap");
        g.addLayer("cn_size", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY).build(), "cn_conv");
        g.addLayer(SIZE, new CnnLossLayer.Builder(new MaskedL1Loss(0.1)).activation(Activation.IDENTITY).build(), "cn_size");
        g.addLayer("cn_offset", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY).build(), "cn_conv");
        g.addLayer(OFFSET, new CnnLossLayer.Builder(new MaskedL1Loss(1.0)).activation(Activation.IDENTITY).build(), "cn_offset");
    }
}
