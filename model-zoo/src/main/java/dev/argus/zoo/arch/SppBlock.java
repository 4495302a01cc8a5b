package dev.argus.zoo.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * Spatial pyramid pooling as in YOLOv4: stride-1 max-pools of 5, 9 and 13 over the deepest map,
 * concatenated with it and fused by a 1x1 conv. Each cell then sees context far beyond its own
 * receptive field at almost no cost. On an 8x8 map the 13 pool covers the whole image, which is fine.
 */
final class SppBlock {

    static final int[] KERNELS = {5, 9, 13};

    private SppBlock() {
    }

    /** Returns the fused output's name; it has {@code channels} channels. */
    static String add(GraphBuilder g, String input, int channels) {
        String[] merged = new String[KERNELS.length + 1];
        merged[0] = input;
        for (int i = 0; i < KERNELS.length; i++) {
            int k = KERNELS[i];
            merged[i + 1] = "spp_pool" + k;
            g.addLayer(merged[i + 1], new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k).stride(1, 1)
                    .convolutionMode(ConvolutionMode.Same).build(), input);
        }
        g.addVertex("spp_concat", new MergeVertex(), merged);
        return ConvBlock.add(g, "spp_fuse", "spp_concat", 1, channels);
    }
}
