package dev.argus.zoo.arch;

import dev.argus.zoo.Detection;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Targets in the layout DL4J's {@code Yolo2OutputLayer} reads: {@code [n, 4 + C, grid, grid]}, at the
 * cell holding a box's centre its corners x1, y1, x2, y2 in grid cells followed by the one-hot class;
 * zeros elsewhere. The layer assigns the anchor itself. The format has room for one object per cell:
 * when two centres share a cell the larger object is kept (on the shapes task, with objects at most
 * 5% IoU apart, this drops well under 1% of them).
 */
final class Yolo2Labels implements LabelEncoder {

    private final int grid;
    private final int stride;
    private final int numClasses;

    Yolo2Labels(int grid, int stride, int numClasses) {
        this.grid = grid;
        this.stride = stride;
        this.numClasses = numClasses;
    }

    @Override
    public MultiDataSet encode(INDArray features, List<List<Detection>> boxes) {
        int n = boxes.size();
        int channels = 4 + numClasses;
        int plane = grid * grid;
        float[] labels = new float[n * channels * plane];
        for (int b = 0; b < n; b++) {
            float[] keptArea = new float[plane];
            for (Detection d : boxes.get(b)) {
                if (!LabelEncoder.trainable(d, numClasses)) {
                    continue;
                }
                float cx = (d.x1() + d.x2()) / 2 / stride;
                float cy = (d.y1() + d.y2()) / 2 / stride;
                int col = Math.min(grid - 1, Math.max(0, (int) cx));
                int row = Math.min(grid - 1, Math.max(0, (int) cy));
                int cell = row * grid + col;
                if (keptArea[cell] >= d.area()) {
                    continue;
                }
                keptArea[cell] = d.area();
                int base = b * channels * plane + cell;
                labels[base] = d.x1() / stride;
                labels[base + plane] = d.y1() / stride;
                labels[base + 2 * plane] = d.x2() / stride;
                labels[base + 3 * plane] = d.y2() / stride;
                for (int c = 0; c < numClasses; c++) {
                    labels[base + (4 + c) * plane] = c == d.classId() ? 1f : 0f;
                }
            }
        }
        INDArray y = Nd4j.create(labels, new long[]{n, channels, grid, grid}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features}, new INDArray[]{y});
    }
}
