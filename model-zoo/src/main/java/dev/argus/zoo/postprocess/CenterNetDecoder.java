package dev.argus.zoo.postprocess;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CenterNet ("Objects as Points"), the anchor-free heatmap scheme: every class has a heatmap at the
 * output stride; an object is a local maximum (a peak that survives a 3x3 max-pool), its box regressed
 * at that cell. Steps: peak test, score threshold, top-K, box from the size regression, then NMS.
 *
 * <p>Two box encodings:
 * <ul>
 *   <li>{@code ltrb_pixels} (MobileNetV3-CenterNet): the size output holds the distances from the peak
 *       cell's corner {@code (x*stride, y*stride)} to the left, top, right and bottom sides, in input pixels.
 *   <li>{@code wh_grid} (the paper's): width and height in output-grid cells, centred on the peak cell
 *       plus an optional sub-cell offset output.
 * </ul>
 * Outputs are NHWC: heatmap {@code [n, H, W, classes]}, sizes {@code [n, H, W, 4 or 2]}, offsets
 * {@code [n, H, W, 2]}.
 *
 * <p>Parameters ({@link DecoderSpec}): {@code heatmap_output}, {@code size_output}, {@code offset_output}
 * (wh_grid only, optional), {@code size_format} ({@code ltrb_pixels}), {@code stride} (4),
 * {@code score_threshold} (0.2), {@code top_k} (100), {@code peak_pool} (3), {@code heatmap_sigmoid}
 * (false: the heatmap already holds probabilities), {@code nms_iou} (0.5; 0 disables NMS),
 * {@code nms_class_agnostic} (false).
 */
public final class CenterNetDecoder implements OutputDecoder {

    static final String TYPE = "centernet";

    /** How the size output encodes a box. */
    public enum SizeFormat { LTRB_PIXELS, WH_GRID }

    private final String heatmapOutput;
    private final String sizeOutput;
    private final String offsetOutput;
    private final SizeFormat sizeFormat;
    private final int stride;
    private final float scoreThreshold;
    private final int topK;
    private final int poolRadius;
    private final boolean heatmapSigmoid;
    private final int numClasses;
    private final NonMaxSuppression nms;

    public CenterNetDecoder(DecoderSpec spec, int numClasses) {
        this.heatmapOutput = spec.stringParam("heatmap_output", "keypoints");
        this.sizeOutput = spec.stringParam("size_output", "wh");
        this.offsetOutput = spec.stringParam("offset_output", null);
        String format = spec.stringParam("size_format", "ltrb_pixels");
        try {
            this.sizeFormat = SizeFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("decoder 'centernet' parameter 'size_format' must be ltrb_pixels or wh_grid, got " + format);
        }
        this.stride = positive(spec, "stride", spec.intParam("stride", 4));
        this.scoreThreshold = (float) spec.doubleParam("score_threshold", 0.2);
        this.topK = positive(spec, "top_k", spec.intParam("top_k", 100));
        int pool = spec.intParam("peak_pool", 3);
        if (pool < 1 || pool % 2 == 0) {
            throw new IllegalArgumentException("decoder 'centernet' parameter 'peak_pool' must be an odd size, got " + pool);
        }
        this.poolRadius = pool / 2;
        this.heatmapSigmoid = spec.booleanParam("heatmap_sigmoid", false);
        this.numClasses = numClasses;
        float iou = (float) spec.doubleParam("nms_iou", 0.5);
        this.nms = iou <= 0 ? null
                : spec.booleanParam("nms_class_agnostic", false) ? NonMaxSuppression.classAgnostic(iou, topK)
                : NonMaxSuppression.perClass(iou, topK);
    }

    @Override
    public List<String> requiredOutputs() {
        return offsetOutput == null ? List.of(heatmapOutput, sizeOutput) : List.of(heatmapOutput, sizeOutput, offsetOutput);
    }

    @Override
    public List<CandidateBoxes> decode(Map<String, INDArray> outputs) {
        RawOutput heat = RawOutput.find(outputs, heatmapOutput, TYPE);
        RawOutput size = RawOutput.find(outputs, sizeOutput, TYPE);
        RawOutput offset = offsetOutput == null ? null : RawOutput.find(outputs, offsetOutput, TYPE);
        if (heat.rank() != 4 || heat.dim(3) != numClasses) {
            throw heat.wrongShape(TYPE, "[batch, height, width, " + numClasses + "] (one channel per label)");
        }
        int n = (int) heat.dim(0);
        int h = (int) heat.dim(1);
        int w = (int) heat.dim(2);
        int sizeChannels = sizeFormat == SizeFormat.LTRB_PIXELS ? 4 : 2;
        if (size.rank() != 4 || size.dim(0) != n || size.dim(1) != h || size.dim(2) != w || size.dim(3) != sizeChannels) {
            throw size.wrongShape(TYPE, "[" + n + ", " + h + ", " + w + ", " + sizeChannels + "] like the heatmap");
        }
        if (offset != null && (offset.rank() != 4 || offset.dim(1) != h || offset.dim(2) != w || offset.dim(3) != 2)) {
            throw offset.wrongShape(TYPE, "[" + n + ", " + h + ", " + w + ", 2]");
        }
        float threshold = heatmapSigmoid ? logit(scoreThreshold) : scoreThreshold;
        List<CandidateBoxes> perImage = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int[] peaks = topPeaks(heat.data(), b * h * w * numClasses, h, w, threshold);
            CandidateBoxes boxes = new CandidateBoxes(peaks.length);
            for (int idx : peaks) {
                int c = idx % numClasses;
                int cell = idx / numClasses;
                int y = cell / w;
                int x = cell % w;
                float score = heat.data()[b * h * w * numClasses + idx];
                if (heatmapSigmoid) {
                    score = sigmoid(score);
                }
                int s = (b * h * w + cell) * sizeChannels;
                float[] sz = size.data();
                if (sizeFormat == SizeFormat.LTRB_PIXELS) {
                    float px = x * stride;
                    float py = y * stride;
                    boxes.add(px - sz[s], py - sz[s + 1], px + sz[s + 2], py + sz[s + 3], score, c);
                } else {
                    float cx = x;
                    float cy = y;
                    if (offset != null) {
                        int o = (b * h * w + cell) * 2;
                        cx += offset.data()[o];
                        cy += offset.data()[o + 1];
                    }
                    float hw = sz[s] / 2;
                    float hh = sz[s + 1] / 2;
                    boxes.add((cx - hw) * stride, (cy - hh) * stride, (cx + hw) * stride, (cy + hh) * stride, score, c);
                }
            }
            perImage.add(nms == null ? boxes : nms.apply(boxes));
        }
        return perImage;
    }

    /**
     * Indices (into one image's [H, W, C] heatmap) of the top-K local maxima above the threshold, best
     * first. Thresholding first means the pool test runs on a handful of cells, not all H·W·C.
     */
    private int[] topPeaks(float[] heat, int base, int h, int w, float threshold) {
        int total = h * w * numClasses;
        long[] found = new long[64];
        int count = 0;
        for (int idx = 0; idx < total; idx++) {
            float v = heat[base + idx];
            if (v > threshold && isPeak(heat, base, idx, v, h, w)) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                int bits = Float.floatToIntBits(v);
                found[count++] = ((long) (bits ^ ((bits >> 31) & 0x7FFFFFFF)) << 32) | (Integer.MAX_VALUE - idx);
            }
        }
        Arrays.sort(found, 0, count);
        int k = Math.min(topK, count);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = Integer.MAX_VALUE - (int) found[count - 1 - i];
        }
        return out;
    }

    /** True when no cell of the same class in the pool window is higher (ties count as peaks, like max-pool == x). */
    private boolean isPeak(float[] heat, int base, int idx, float v, int h, int w) {
        int c = idx % numClasses;
        int cell = idx / numClasses;
        int y = cell / w;
        int x = cell % w;
        for (int yy = Math.max(0, y - poolRadius); yy <= Math.min(h - 1, y + poolRadius); yy++) {
            for (int xx = Math.max(0, x - poolRadius); xx <= Math.min(w - 1, x + poolRadius); xx++) {
                if (heat[base + (yy * w + xx) * numClasses + c] > v) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float sigmoid(float z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }

    private static float logit(float p) {
        return (float) Math.log(p / (1 - p));
    }

    private static int positive(DecoderSpec spec, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("decoder '" + spec.type() + "' parameter '" + name + "' must be positive, got " + value);
        }
        return value;
    }
}
