package dev.argus.zoo.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * A small Darknet-style backbone: 3x3 conv blocks, each followed by a 2x2 max-pool, with channel widths
 * {@code w, 2w, 4w, 6w, 8w}. It exposes three feature maps for the neck: C3 at stride 4, C4 at
 * stride 8 and C5 at stride 16 (for a 128 px input: 32x32, 16x16 and 8x8).
 */
final class Backbone {

    /** The names of the feature maps, and their channel counts. */
    record Features(String c3, int c3Channels, String c4, int c4Channels, String c5, int c5Channels) {
    }

    private Backbone() {
    }

    static Features add(GraphBuilder g, String input, int width) {
        String x = ConvBlock.add(g, "stem1", input, 3, width);
        x = pool(g, "pool1", x);                                   // stride 2
        x = ConvBlock.add(g, "stem2", x, 3, 2 * width);
        x = pool(g, "pool2", x);                                   // stride 4
        String c3 = ConvBlock.add(g, "c3", x, 3, 4 * width);
        x = pool(g, "pool3", c3);                                  // stride 8
        String c4 = ConvBlock.add(g, "c4", x, 3, 6 * width);
        x = pool(g, "pool4", c4);                                  // stride 16
        String c5 = ConvBlock.add(g, "c5", x, 3, 8 * width);
        return new Features(c3, 4 * width, c4, 6 * width, c5, 8 * width);
    }

    private static String pool(GraphBuilder g, String name, String input) {
        g.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), input);
        return name;
    }
}
