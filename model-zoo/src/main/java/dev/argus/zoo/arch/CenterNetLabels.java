package dev.argus.zoo.arch;

import dev.argus.zoo.Detection;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CenterNet's targets at stride 4: per class a heatmap with a Gaussian around each centre cell (peak
 * exactly 1, radius from the box size by CenterNet's own {@code gaussian_radius} with min overlap 0.7); at centre cells the box width/height in cells and the centre's sub-cell offset, with a label
 * mask so those two losses see only centres.
 */
final class CenterNetLabels implements LabelEncoder {

    private final int grid;
    private final int stride;
    private final int numClasses;

    CenterNetLabels(int grid, int stride, int numClasses) {
        this.grid = grid;
        this.stride = stride;
        this.numClasses = numClasses;
    }

    @Override
    public MultiDataSet encode(INDArray features, List<List<Detection>> boxes) {
        int n = boxes.size();
        int plane = grid * grid;
        float[] heat = new float[n * numClasses * plane];
        float[] size = new float[n * 2 * plane];
        float[] offset = new float[n * 2 * plane];
        float[] mask = new float[n * plane];
        for (int b = 0; b < n; b++) {
            float[] keptArea = new float[plane];
            for (Detection d : boxes.get(b)) {
                if (!LabelEncoder.trainable(d, numClasses)) {
                    continue;
                }
                float w = d.width() / stride;
                float h = d.height() / stride;
                float cx = (d.x1() + d.x2()) / 2 / stride;
                float cy = (d.y1() + d.y2()) / 2 / stride;
                int col = Math.min(grid - 1, Math.max(0, (int) cx));
                int row = Math.min(grid - 1, Math.max(0, (int) cy));
                int radius = Math.max(0, (int) gaussianRadius(h, w, 0.7));
                drawGaussian(heat, (b * numClasses + d.classId()) * plane, col, row, radius);
                int cell = row * grid + col;
                if (keptArea[cell] >= d.area()) {
                    continue; // two centres in one cell: the regression keeps the larger object
                }
                keptArea[cell] = d.area();
                size[(b * 2) * plane + cell] = w;
                size[(b * 2 + 1) * plane + cell] = h;
                offset[(b * 2) * plane + cell] = cx - col;
                offset[(b * 2 + 1) * plane + cell] = cy - row;
                mask[b * plane + cell] = 1f;
            }
        }
        INDArray m = Nd4j.create(mask, new long[]{n, 1, grid, grid}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features},
                new INDArray[]{Nd4j.create(heat, new long[]{n, numClasses, grid, grid}, 'c'),
                        Nd4j.create(size, new long[]{n, 2, grid, grid}, 'c'),
                        Nd4j.create(offset, new long[]{n, 2, grid, grid}, 'c')},
                null, new INDArray[]{null, m, m});
    }

    /** Max-splats a Gaussian of sigma (2r+1)/6 centred on (col, row) into one class's heatmap. */
    private void drawGaussian(float[] heat, int base, int col, int row, int radius) {
        double sigma = (2 * radius + 1) / 6.0;
        for (int y = Math.max(0, row - radius); y <= Math.min(grid - 1, row + radius); y++) {
            for (int x = Math.max(0, col - radius); x <= Math.min(grid - 1, col + radius); x++) {
                int dx = x - col;
                int dy = y - row;
                float v = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                int i = base + y * grid + x;
                heat[i] = Math.max(heat[i], v);
            }
        }
    }

    /**
     * CornerNet/CenterNet's {@code gaussian_radius}, formula for formula: the smallest of three corner-shift
     * cases. The published code's quadratic solutions omit a division (so radii come out larger than
     * the IoU rule implies); it is kept as is, since the published models were trained with it.
     */
    static double gaussianRadius(double height, double width, double minOverlap) {
        double b1 = height + width;
        double c1 = width * height * (1 - minOverlap) / (1 + minOverlap);
        double r1 = (b1 + Math.sqrt(b1 * b1 - 4 * c1)) / 2;
        double b2 = 2 * (height + width);
        double c2 = (1 - minOverlap) * width * height;
        double r2 = (b2 + Math.sqrt(b2 * b2 - 16 * c2)) / 2;
        double a3 = 4 * minOverlap;
        double b3 = -2 * minOverlap * (height + width);
        double c3 = (minOverlap - 1) * width * height;
        double r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / 2;
        return Math.min(r1, Math.min(r2, r3));
    }
}
