package dev.argus.zoo.detr;

/**
 * The shape of a DETR-lite head: how many object queries (the most objects it can report per image),
 * attention heads, encoder and decoder layers, which position encoding, and how attention is computed.
 */
public record DetrOptions(int queries, int heads, int encoderLayers, int decoderLayers, PositionEncoding positions,
                          Attention.Kind attention, int tile) {

    public DetrOptions {
        if (queries < 1 || heads < 1 || encoderLayers < 0 || decoderLayers < 1 || tile < 1) {
            throw new IllegalArgumentException("DETR needs at least 1 query, 1 head, 1 decoder layer and a tile of 1 key;"
                    + " got queries=" + queries + " heads=" + heads + " encoder=" + encoderLayers + " decoder=" + decoderLayers
                    + " tile=" + tile);
        }
        if (positions == null) {
            positions = PositionEncoding.SINE;
        }
        if (attention == null) {
            attention = Attention.Kind.PLAIN;
        }
    }

    /** What {@code argus train --head detr} builds unless told otherwise: 2D RoPE, tiled attention. */
    public static DetrOptions defaults() {
        return new DetrOptions(12, 4, 1, 2, PositionEncoding.ROPE, Attention.Kind.TILED, 64);
    }
}
