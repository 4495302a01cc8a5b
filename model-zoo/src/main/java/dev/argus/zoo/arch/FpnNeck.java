package dev.argus.zoo.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;

/**
 * Brings the deepest features to the head's stride. With {@code fpn} on it is a feature pyramid's
 * top-down path: upsample x2, add a 1x1 lateral projection of the backbone map of that stride, smooth
 * with a 3x3 conv, repeat — so fine maps (where small objects are) get the deep map's semantics.
 * With it off, the deep map is only upsampled to the head's stride, with no shallower features merged:
 * the same output geometry, so the two differ only in the merge the FPN adds.
 */
final class FpnNeck {

    private FpnNeck() {
    }

    /**
     * @param top        the deepest map (stride 16), after SPP if any
     * @param headStride 8 or 4
     * @return the name of the map the head reads, with {@code channels} channels
     */
    static String add(GraphBuilder g, Backbone.Features f, String top, int headStride, int channels, boolean fpn) {
        if (headStride != 8 && headStride != 4) {
            throw new IllegalArgumentException("the neck serves strides 8 and 4, not " + headStride);
        }
        if (!fpn) {
            g.addLayer("neck_up", new Upsampling2D.Builder(16 / headStride).build(), top);
            return ConvBlock.add(g, "neck", "neck_up", 1, channels);
        }
        String p4 = merge(g, "p4", top, f.c4(), channels);
        if (headStride == 8) {
            return p4;
        }
        return merge(g, "p3", p4, f.c3(), channels);
    }

    private static String merge(GraphBuilder g, String name, String coarse, String lateral, int channels) {
        String top = ConvBlock.add(g, name + "_top", coarse, 1, channels);
        g.addLayer(name + "_up", new Upsampling2D.Builder(2).build(), top);
        String lat = ConvBlock.add(g, name + "_lateral", lateral, 1, channels);
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_up", lat);
        return ConvBlock.add(g, name, name + "_add", 3, channels);
    }
}
