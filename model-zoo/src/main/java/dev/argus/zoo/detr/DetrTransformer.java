package dev.argus.zoo.detr;

import dev.argus.zoo.postprocess.DetrOutput;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * DETR-lite's transformer as one DL4J layer written in SameDiff (DL4J differentiates it and trains it
 * with the rest of the {@code ComputationGraph}):
 * <pre>
 *   feature map [b, d, h, w] ─▶ tokens [b, h·w, d]
 *     ─▶ encoder × E:  self-attention (positions: sine added to q/k inputs, or RoPE on q and k) + FFN
 *     ─▶ decoder × D:  N learned queries; self-attention among them, cross-attention into the encoded
 *                      tokens (sine on the keys' inputs, or RoPE on the keys), FFN
 *     ─▶ per decoder layer and query: C+1 class logits (the last is "no object") and 4 box logits
 *        (cx, cy, w, h before the sigmoid), by heads shared across layers ─▶ [b, D·N·(C+5)]
 * </pre>
 * With {@linkplain QueryKind#ANCHORED anchored} queries each query also has a fixed point of the image:
 * its cross-attention query is turned by the point's cell (RoPE) or gets the point's sine encoding added,
 * and the point's logit is added to its box centre logits, so a query predicts an offset from its point.
 * Every decoder layer's predictions are output because DETR trains each of them with the set loss
 * (auxiliary losses: the early layers learn to localise sooner, which is most of DETR's slow start);
 * detection reads the last layer's.
 * Post-norm residual blocks, as DETR. Attention is {@link PlainAttention} or {@link TiledAttention}, the
 * same weights either way. The set loss and its Hungarian matching are outside the graph
 * ({@link SetPredictionLoss}); the decoder of a bundle reads the same layout ({@link DetrOutput}).
 *
 * <p>Fields are the layer's JSON configuration (DL4J's shaded Jackson serialises them with the model,
 * without getters); the no-argument constructor is for that.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class DetrTransformer extends SameDiffLayer {

    private int dModel;
    private int gridH;
    private int gridW;
    private int heads = 4;
    private int encoderLayers = 1;
    private int decoderLayers = 2;
    private int queries = 10;
    private int numClasses;
    private String positions = PositionEncoding.SINE.id();
    private String attention = Attention.Kind.PLAIN.id();
    private int tile = 64;
    // absent from the JSON of bundles saved before anchored queries: they keep DETR's learned ones
    private String queryKind = QueryKind.LEARNED.id();

    public DetrTransformer() {
    }

    public DetrTransformer(DetrOptions options, int numClasses) {
        this.heads = options.heads();
        this.encoderLayers = options.encoderLayers();
        this.decoderLayers = options.decoderLayers();
        this.queries = options.queries();
        this.positions = options.positions().id();
        this.attention = options.attention().id();
        this.tile = options.tile();
        this.queryKind = options.queryKind().id();
        this.numClasses = numClasses;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("DETR transformer reads a feature map, got " + inputType);
        }
        if (dModel == 0 || override) {
            dModel = (int) c.getChannels();
            gridH = (int) c.getHeight();
            gridW = (int) c.getWidth();
        }
        if (dModel % heads != 0 || (dModel / heads) % 4 != 0) {
            throw new IllegalArgumentException("model width " + dModel + " must split into " + heads
                    + " heads whose size is a multiple of 4 (2D positions use channel pairs for x and for y)");
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward((long) decoderLayers * queries * DetrOutput.perQuery(numClasses));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        int ffn = 4 * dModel;
        for (int l = 0; l < encoderLayers; l++) {
            attentionParams(params, "enc" + l + "Self");
            feedForwardParams(params, "enc" + l, ffn);
        }
        for (int l = 0; l < decoderLayers; l++) {
            attentionParams(params, "dec" + l + "Self");
            attentionParams(params, "dec" + l + "Cross");
            feedForwardParams(params, "dec" + l, ffn);
        }
        params.addWeightParam("queryEmbed", queries, dModel);
        params.addWeightParam("clsW", dModel, numClasses + 1);
        params.addBiasParam("clsB", 1, numClasses + 1);
        params.addWeightParam("boxW1", dModel, dModel);
        params.addBiasParam("boxB1", 1, dModel);
        params.addWeightParam("boxW2", dModel, 4);
        params.addBiasParam("boxB2", 1, 4);
    }

    private void attentionParams(SDLayerParams params, String p) {
        for (String m : new String[]{"Wq", "Wk", "Wv", "Wo"}) {
            params.addWeightParam(p + m, dModel, dModel);
        }
        params.addBiasParam(p + "Bo", 1, dModel);
        params.addWeightParam(p + "LnG", 1, dModel);
        params.addBiasParam(p + "LnB", 1, dModel);
    }

    private void feedForwardParams(SDLayerParams params, String p, int ffn) {
        params.addWeightParam(p + "FfnW1", dModel, ffn);
        params.addBiasParam(p + "FfnB1", 1, ffn);
        params.addWeightParam(p + "FfnW2", ffn, dModel);
        params.addBiasParam(p + "FfnB2", 1, dModel);
        params.addWeightParam(p + "FfnLnG", 1, dModel);
        params.addBiasParam(p + "FfnLnB", 1, dModel);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                String name = e.getKey();
                INDArray p = e.getValue();
                if (name.endsWith("LnG")) {
                    p.assign(1);
                } else if (name.equals("queryEmbed")) {
                    p.assign(Nd4j.randn(p.dataType(), p.shape()));
                } else if (isBias(name)) {
                    p.assign(0);
                } else {
                    WeightInit.XAVIER.getWeightInitFunction().init(p.size(0), p.size(1), p.shape(), 'c', p);
                }
            }
            // a slight prior for "no object", as most queries match nothing
            params.get("clsB").putScalar(numClasses, 2.0);
        }
    }

    /** Parameter names have no '_': DL4J splits "layer_param" gradient keys at the last one. */
    private static boolean isBias(String name) {
        return name.matches(".*(B|Bo|B\\d)");
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        int tokens = gridH * gridW;
        int headSize = dModel / heads;
        Attention attn = Attention.Kind.parse(attention).create(tile);
        PositionEncoding pe = PositionEncoding.parse(positions);
        SDVariable x = sd.permute(sd.reshape(input, -1, dModel, tokens), 0, 2, 1);          // [b, tokens, d]
        SDVariable pos = pe == PositionEncoding.SINE
                ? sd.constant("pos_sine", SinusoidalEncoding2D.table(gridH, gridW, dModel).castTo(x.dataType()))
                : null;
        RotaryEncoding2D rope = pe == PositionEncoding.ROPE
                ? new RotaryEncoding2D(headSize, RotaryEncoding2D.grid(gridH, gridW)) : null;
        double[][] anchors = queryKind() == QueryKind.ANCHORED ? QueryKind.anchors(queries) : null;
        double[][] anchorCells = anchors == null ? null : anchorCells(anchors);
        RotaryEncoding2D anchorRope = anchorCells != null && rope != null ? new RotaryEncoding2D(headSize, anchorCells) : null;
        SDVariable boxOffset = anchors == null ? null : sd.constant("anchor_logits", anchorLogits(anchors).castTo(x.dataType()));

        for (int l = 0; l < encoderLayers; l++) {
            String n = "enc" + l + "Self";
            SDVariable qk = pos == null ? x : x.add(pos);
            SDVariable q = split(sd, linear(sd, qk, p.get(n + "Wq"), null, tokens), tokens);
            SDVariable k = split(sd, linear(sd, qk, p.get(n + "Wk"), null, tokens), tokens);
            SDVariable v = split(sd, linear(sd, x, p.get(n + "Wv"), null, tokens), tokens);
            if (rope != null) {
                q = rope.rotate(sd, "rope", q, heads);
                k = rope.rotate(sd, "rope", k, heads);
            }
            SDVariable a = linear(sd, merge(sd, attn.attend(sd, q, k, v, tokens, headSize), tokens),
                    p.get(n + "Wo"), p.get(n + "Bo"), tokens);
            x = norm(sd, x.add(a), p, n, tokens);
            x = feedForward(sd, x, p, "enc" + l, tokens);
        }

        // learned queries, broadcast over the batch: [b, 1, d]·0 + [n, d]
        SDVariable zeros = x.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()).mul(0);
        SDVariable queryPos = zeros.add(p.get("queryEmbed"));
        if (anchorCells != null && pos != null) {
            queryPos = queryPos.add(sd.constant("anchor_sine",
                    SinusoidalEncoding2D.at(anchorCells, gridH, gridW, dModel).castTo(x.dataType())));
        }
        SDVariable tgt = queryPos.mul(0);
        SDVariable memoryKeys = pos == null ? x : x.add(pos);
        SDVariable[] perLayer = new SDVariable[decoderLayers];
        for (int l = 0; l < decoderLayers; l++) {
            String n = "dec" + l + "Self";
            SDVariable qk = tgt.add(queryPos);
            SDVariable q = split(sd, linear(sd, qk, p.get(n + "Wq"), null, queries), queries);
            SDVariable k = split(sd, linear(sd, qk, p.get(n + "Wk"), null, queries), queries);
            SDVariable v = split(sd, linear(sd, tgt, p.get(n + "Wv"), null, queries), queries);
            SDVariable a = linear(sd, merge(sd, attn.attend(sd, q, k, v, queries, headSize), queries),
                    p.get(n + "Wo"), p.get(n + "Bo"), queries);
            tgt = norm(sd, tgt.add(a), p, n, queries);

            n = "dec" + l + "Cross";
            q = split(sd, linear(sd, tgt.add(queryPos), p.get(n + "Wq"), null, queries), queries);
            k = split(sd, linear(sd, memoryKeys, p.get(n + "Wk"), null, tokens), tokens);
            v = split(sd, linear(sd, x, p.get(n + "Wv"), null, tokens), tokens);
            if (rope != null) {
                // learned queries have no cell of their own: only the keys turn, so the score sees where the
                // key is; anchored ones turn by their point, so the score sees the key's offset from it
                k = rope.rotate(sd, "rope", k, heads);
                if (anchorRope != null) {
                    q = anchorRope.rotate(sd, "rope_anchor", q, heads);
                }
            }
            a = linear(sd, merge(sd, attn.attend(sd, q, k, v, tokens, headSize), queries),
                    p.get(n + "Wo"), p.get(n + "Bo"), queries);
            tgt = norm(sd, tgt.add(a), p, n, queries);
            tgt = feedForward(sd, tgt, p, "dec" + l, queries);
            perLayer[l] = predict(sd, tgt, p, boxOffset);
        }
        return sd.reshape(decoderLayers == 1 ? perLayer[0] : sd.concat(1, perLayer),
                -1, (long) decoderLayers * queries * DetrOutput.perQuery(numClasses));
    }

    /**
     * The shared class and box heads on one decoder layer's queries: [b, n, C+5]. {@code boxOffset}
     * ([n, 4], or null) is added to the box logits: anchored queries' points.
     */
    private SDVariable predict(SameDiff sd, SDVariable tgt, Map<String, SDVariable> p, SDVariable boxOffset) {
        SDVariable cls = linear(sd, tgt, p.get("clsW"), p.get("clsB"), queries);                  // [b, n, C+1]
        SDVariable hidden = sd.nn().relu(linear(sd, tgt, p.get("boxW1"), p.get("boxB1"), queries), 0);
        SDVariable box = linear(sd, hidden, p.get("boxW2"), p.get("boxB2"), queries);             // [b, n, 4]
        return sd.concat(2, cls, boxOffset == null ? box : box.add(boxOffset));
    }

    /** Anchor points (fractions of the image) in feature-map cells, as {@link RotaryEncoding2D#grid} numbers the tokens. */
    private double[][] anchorCells(double[][] points) {
        double[][] cells = new double[queries][];
        for (int q = 0; q < queries; q++) {
            // cell x covers [x, x + 1) of the map, so a point at fraction f of the width sits at f·w − ½
            cells[q] = new double[]{points[q][0] * gridW - 0.5, points[q][1] * gridH - 0.5};
        }
        return cells;
    }

    /** [n, 4]: the anchor points' logits for (cx, cy), nothing for (w, h). */
    private INDArray anchorLogits(double[][] points) {
        INDArray logits = Nd4j.zeros(DataType.FLOAT, queries, 4);
        for (int q = 0; q < queries; q++) {
            for (int axis = 0; axis < 2; axis++) {
                double f = points[q][axis];
                logits.putScalar(q, axis, Math.log(f / (1 - f)));
            }
        }
        return logits;
    }

    /** [b, n, in] · [in, out] (+ bias) → [b, n, out]. */
    private static SDVariable linear(SameDiff sd, SDVariable x3, SDVariable w, SDVariable b, int n) {
        long in = w.getShape()[0];
        long out = w.getShape()[1];
        SDVariable y = sd.mmul(sd.reshape(x3, -1, in), w);
        if (b != null) {
            y = y.add(b);
        }
        return sd.reshape(y, -1, n, out);
    }

    /** [b, n, d] → [b, heads, n, d/heads]. */
    private SDVariable split(SameDiff sd, SDVariable x3, int n) {
        return sd.permute(sd.reshape(x3, -1, n, heads, dModel / heads), 0, 2, 1, 3);
    }

    /** [b, heads, n, d/heads] → [b, n, d]. */
    private SDVariable merge(SameDiff sd, SDVariable x4, int n) {
        return sd.reshape(sd.permute(x4, 0, 2, 1, 3), -1, n, dModel);
    }

    private SDVariable norm(SameDiff sd, SDVariable x3, Map<String, SDVariable> p, String prefix, int n) {
        SDVariable flat = sd.reshape(x3, -1, dModel);
        SDVariable y = sd.nn().layerNorm(flat, sd.reshape(p.get(prefix + "LnG"), dModel),
                sd.reshape(p.get(prefix + "LnB"), dModel), true, 1);
        return sd.reshape(y, -1, n, dModel);
    }

    private SDVariable feedForward(SameDiff sd, SDVariable x3, Map<String, SDVariable> p, String prefix, int n) {
        SDVariable h = sd.nn().relu(linear(sd, x3, p.get(prefix + "FfnW1"), p.get(prefix + "FfnB1"), n), 0);
        SDVariable y = linear(sd, h, p.get(prefix + "FfnW2"), p.get(prefix + "FfnB2"), n);
        return norm(sd, x3.add(y), p, prefix + "Ffn", n);
    }

    public int queries() {
        return queries;
    }

    public QueryKind queryKind() {
        return QueryKind.parse(queryKind);
    }

    public int numClasses() {
        return numClasses;
    }
}
