package dev.argus.zoo.network;

/**
 * A network as an ONNX model (a serialised {@code ModelProto}), ready for an ONNX Runtime session.
 *
 * @param model               the ONNX model bytes
 * @param channelsFirstOutputs whether the model's rank-4 outputs are NCHW (a plain export of a heatmap
 *                            model); they are then handed to the decoders channels-last, the layout every
 *                            decoder reads (as DL4J's are). False for a model that already ends in
 *                            channels-last (Argus's translations, which keep the source engine's output
 *                            layout) or has no rank-4 outputs (YOLO, DETR).
 */
public record OnnxForm(byte[] model, boolean channelsFirstOutputs) {

    public OnnxForm {
        if (model == null || model.length == 0) {
            throw new IllegalArgumentException("an ONNX form needs the model bytes");
        }
    }
}
