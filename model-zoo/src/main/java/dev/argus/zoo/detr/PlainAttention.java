package dev.argus.zoo.detr;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Attention the textbook way: the full score matrix, a softmax over each row, then the weighted sum. */
public final class PlainAttention implements Attention {

    @Override
    public SDVariable attend(SameDiff sd, SDVariable q, SDVariable k, SDVariable v, int keys, int headSize) {
        SDVariable scores = sd.mmul(Attention.scaled(q, headSize), k, false, true, false); // [b, h, nq, keys]
        SDVariable weights = sd.nn().softmax(scores, 3);
        return sd.mmul(weights, v);
    }
}
