package dev.argus.zoo.tfjs;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** MaxPool (NHWC or NCHW, SAME or VALID). */
final class PoolingMapper implements OpMapper {

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        NodeAttrs a = node.attrs();
        String format = a.string("data_format", "NHWC");
        boolean nhwc = format.equals("NHWC");
        if (!nhwc && !format.equals("NCHW")) {
            throw new TfjsImportException(node + ": data_format " + format + " is not supported");
        }
        int h = nhwc ? 1 : 2;
        int w = nhwc ? 2 : 3;
        // NCHW pooling of an input stored NHWC runs NHWC as stored (ND4J pools NHWC far faster)
        GraphBuilder.Permuted in = g.permuted(node.input(0));
        boolean swap = !nhwc && in.is(GraphBuilder.NCHW_OF_NHWC);
        long[] k = a.ints("ksize");
        long[] s = a.ints("strides", 1, 1, 1, 1);
        if (k == null || k.length != 4) {
            throw new TfjsImportException(node + ": ksize must list 4 values");
        }
        PaddingMode padding = switch (a.string("padding", "VALID")) {
            case "SAME" -> PaddingMode.SAME;
            case "VALID" -> PaddingMode.VALID;
            default -> throw new TfjsImportException(node + ": padding " + a.string("padding", "") + " is not supported");
        };
        Pooling2DConfig config = Pooling2DConfig.builder()
                .kH(k[h]).kW(k[w]).sH(s[h]).sW(s[w]).dH(1).dW(1)
                .paddingMode(padding)
                .type(Pooling2D.Pooling2DType.MAX)
                .isNHWC(nhwc != swap)
                .build();
        if (swap) {
            g.storePermuted(node, in.perm());
            return new SDVariable[] {g.sd().cnn().maxPooling2d(in.stored(), config)};
        }
        return new SDVariable[] {g.sd().cnn().maxPooling2d(g.var(node, 0), config)};
    }
}
