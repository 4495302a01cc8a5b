package dev.argus.zoo.network;

/**
 * A network as an ONNX model (a serialised {@code ModelProto}), ready for an ONNX Runtime session.
 *
 * @param model               the ONNX model bytes
 * @param channelsFirstOutputs whether rank-4 outputs are NCHW, as ONNX models almost always are; such
 *                            outputs are handed to the decoders channels-last, the layout every decoder
 *                            reads (as from DL4J). False for a model whose rank-4 outputs are already
 *                            NHWC (a TF.js graph translated with its output layout kept).
 */
public record OnnxForm(byte[] model, boolean channelsFirstOutputs) {

    public OnnxForm {
        if (model == null || model.length == 0) {
            throw new IllegalArgumentException("an ONNX form needs the model bytes");
        }
    }
}
