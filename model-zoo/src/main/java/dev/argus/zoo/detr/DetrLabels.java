package dev.argus.zoo.detr;

import dev.argus.zoo.Detection;
import dev.argus.zoo.arch.LabelEncoder;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DETR's targets are the ground truth itself, unassigned: the {@link SetPredictionLoss} matches them to
 * queries at every step. Per image, up to {@code queries} objects as (class, cx, cy, w, h), the box as
 * fractions of the input; unused slots have class −1. An image with more objects than queries keeps
 * the largest ones (the head cannot report more anyway).
 */
public final class DetrLabels implements LabelEncoder {

    private final int queries;
    private final int numClasses;
    private final int inputSize;

    public DetrLabels(int queries, int numClasses, int inputSize) {
        this.queries = queries;
        this.numClasses = numClasses;
        this.inputSize = inputSize;
    }

    @Override
    public MultiDataSet encode(INDArray features, List<List<Detection>> boxes) {
        int n = boxes.size();
        float[] y = new float[n * queries * 5];
        for (int b = 0; b < n; b++) {
            List<Detection> kept = boxes.get(b).stream()
                    .filter(d -> LabelEncoder.trainable(d, numClasses))
                    .sorted((p, q) -> Float.compare(q.area(), p.area()))
                    .limit(queries)
                    .toList();
            for (int s = 0; s < queries; s++) {
                int o = (b * queries + s) * 5;
                if (s >= kept.size()) {
                    y[o] = -1;
                    continue;
                }
                Detection d = kept.get(s);
                y[o] = d.classId();
                y[o + 1] = (d.x1() + d.x2()) / 2 / inputSize;
                y[o + 2] = (d.y1() + d.y2()) / 2 / inputSize;
                y[o + 3] = d.width() / inputSize;
                y[o + 4] = d.height() / inputSize;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features},
                new INDArray[]{Nd4j.create(y, new long[]{n, (long) queries * 5}, 'c')});
    }
}
