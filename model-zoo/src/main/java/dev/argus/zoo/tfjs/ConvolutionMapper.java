package dev.argus.zoo.tfjs;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Conv2D and DepthwiseConv2dNative, plain or fused. TF.js's converter fuses a convolution with what
 * follows it into {@code _FusedConv2D} / {@code FusedDepthwiseConv2dNative}: {@code fused_ops} lists
 * {@code BiasAdd} (or {@code FusedBatchNorm}) and optionally an activation, whose arguments are the
 * extra inputs after the filter.
 */
final class ConvolutionMapper implements OpMapper {

    private final boolean depthwise;

    ConvolutionMapper(boolean depthwise) {
        this.depthwise = depthwise;
    }

    @Override
    public SDVariable[] map(GraphNode node, GraphBuilder g) throws TfjsImportException {
        SameDiff sd = g.sd();
        NodeAttrs a = node.attrs();
        String format = a.string("data_format", "NHWC");
        boolean nhwc = switch (format) {
            case "NHWC" -> true;
            case "NCHW" -> false;
            default -> throw new TfjsImportException(node + ": data_format " + format + " is not supported");
        };
        INDArray filter = g.staticValue(node, 1, "filter");
        if (filter.rank() != 4) {
            throw new TfjsImportException(node + ": filter must be 4-D [kH, kW, in, out], got " + filter.shapeInfoToString());
        }
        long[] strides = a.ints("strides", 1, 1, 1, 1);
        long[] dilations = a.ints("dilations", 1, 1, 1, 1);
        int h = nhwc ? 1 : 2;
        int w = nhwc ? 2 : 3;

        // An NCHW convolution whose input is stored NHWC runs NHWC as stored, output kept NHWC: ND4J's
        // oneDNN convolutions are much faster NHWC (NanoDet: 65 ms against 114 ms when run NCHW), and
        // the transposes ONNX-converted graphs put around every convolution then cancel out.
        GraphBuilder.Permuted in = g.permuted(node.input(0));
        boolean swap = !nhwc && !a.string("padding", "VALID").equals("EXPLICIT") && in.is(GraphBuilder.NCHW_OF_NHWC);
        String computeFormat = swap ? "NHWC" : format;
        SDVariable x = swap ? in.stored() : g.var(node, 0);
        if (swap) {
            g.storePermuted(node, in.perm());
        }
        PaddingMode padding = switch (a.string("padding", "VALID")) {
            case "SAME" -> PaddingMode.SAME;
            case "VALID" -> PaddingMode.VALID;
            case "EXPLICIT" -> {
                x = explicitPadding(node, sd, x, a.ints("explicit_paddings"));
                yield PaddingMode.VALID;
            }
            default -> throw new TfjsImportException(node + ": padding " + a.string("padding", "") + " is not supported");
        };
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(filter.size(0)).kW(filter.size(1))
                .sH(strides[h]).sW(strides[w])
                .dH(dilations[h]).dW(dilations[w])
                .paddingMode(padding)
                .dataFormat(computeFormat)
                .weightsFormat(WeightsFormat.YXIO)
                .build();

        List<String> fused = a.strings("fused_ops");
        SDVariable bias = null;
        int nextArg = 2;
        if (!fused.isEmpty() && fused.get(0).equals("BiasAdd")) {
            bias = g.var(node, nextArg++);
        }
        SDVariable y = depthwise
                ? (bias == null ? sd.cnn().depthWiseConv2d(x, g.var(node, 1), config)
                                : sd.cnn().depthWiseConv2d(x, g.var(node, 1), bias, config))
                : (bias == null ? sd.cnn().conv2d(x, g.var(node, 1), config)
                                : sd.cnn().conv2d(x, g.var(node, 1), bias, config));

        for (int i = 0; i < fused.size(); i++) {
            String op = fused.get(i);
            if (i == 0 && op.equals("BiasAdd")) {
                continue;
            }
            y = switch (op) {
                case "FusedBatchNorm" -> {
                    if (i != 0) {
                        throw new TfjsImportException(node + ": FusedBatchNorm must come first in fused_ops " + fused);
                    }
                    y = batchNorm(node, g, y, computeFormat.equals("NHWC"), a.number("epsilon", 1e-3));
                    nextArg += 4;
                    yield y;
                }
                case "Relu" -> sd.nn().relu(y, 0);
                case "Relu6" -> sd.nn().relu6(y, 0);
                case "Elu" -> sd.nn().elu(y);
                case "Sigmoid" -> sd.nn().sigmoid(y);
                case "LeakyRelu" -> sd.nn().leakyRelu(y, a.number("leakyrelu_alpha", 0.2));
                default -> throw new TfjsImportException(node + ": fused op '" + op + "' (in fused_ops " + fused
                        + ") is not supported; the importer fuses BiasAdd, FusedBatchNorm, Relu, Relu6, Elu, Sigmoid, LeakyRelu");
            };
        }
        return new SDVariable[] {y};
    }

    /** Inference batch norm folded into one multiply-add per channel: y = x * scale/sqrt(var+eps) + (offset - mean * that). */
    private static SDVariable batchNorm(GraphNode node, GraphBuilder g, SDVariable x, boolean nhwc, double epsilon)
            throws TfjsImportException {
        INDArray scale = g.staticValue(node, 2, "batch-norm scale");
        INDArray offset = g.staticValue(node, 3, "batch-norm offset");
        INDArray mean = g.staticValue(node, 4, "batch-norm mean");
        INDArray variance = g.staticValue(node, 5, "batch-norm variance");
        INDArray mul = scale.div(Transforms.sqrt(variance.add(epsilon), true));
        INDArray add = offset.sub(mean.mul(mul));
        long c = mul.length();
        long[] shape = nhwc ? new long[] {c} : new long[] {c, 1, 1};
        return x.mul(g.sd().constant(mul.reshape(shape))).add(g.sd().constant(add.reshape(shape)));
    }

    private static SDVariable explicitPadding(GraphNode node, SameDiff sd, SDVariable x, long[] pads)
            throws TfjsImportException {
        if (pads.length != 8) {
            throw new TfjsImportException(node + ": EXPLICIT padding needs 8 explicit_paddings, got " + pads.length);
        }
        int[][] p = new int[4][2];
        for (int i = 0; i < 4; i++) {
            p[i][0] = (int) pads[2 * i];
            p[i][1] = (int) pads[2 * i + 1];
        }
        return sd.nn().pad(x, sd.constant(Nd4j.createFromArray(p)), PadMode.CONSTANT, 0.0);
    }
}
