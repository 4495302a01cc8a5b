package dev.argus.zoo.multiscale;

import dev.argus.zoo.GraphDetector;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.postprocess.CenterNetDecoder;
import dev.argus.zoo.preprocess.InputEncoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A real (tiny) detector for the tests: a SameDiff "red-spot CenterNet" with a 16x16 input at stride 1,
 * whose heatmap is red minus green and whose boxes reach 4 px from the peak on every side. A 2x2 red spot
 * seen at its own size scores 1; squeezed into the input with the rest of a large image it fades away,
 * the small-object problem in miniature.
 */
final class SpotNetwork implements Network {

    static final int SIDE = 16;

    private final SameDiff sd;

    private SpotNetwork() {
        sd = SameDiff.create();
        SDVariable in = sd.placeHolder("image", DataType.FLOAT, -1, SIDE, SIDE, 3);
        SDVariable red = in.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1));
        SDVariable green = in.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(1, 2));
        SDVariable heat = sd.identity("hm", red.sub(green));
        SDVariable four = heat.mul(0).add(4);
        sd.concat("wh", 3, four, four, four, four);
    }

    static GraphDetector detector() {
        InputSpec input = new InputSpec(SIDE, SIDE, InputSpec.Layout.NHWC, "RGB", InputSpec.Resize.LETTERBOX, 255f);
        CenterNetDecoder decoder = new CenterNetDecoder(new DecoderSpec("centernet", Map.of("heatmap_output", "hm",
                "size_output", "wh", "stride", 1, "score_threshold", 0.5, "nms_iou", 0.3)), 1);
        return new GraphDetector("spots/1", new SpotNetwork(), new InputEncoder(input, Normalization.UNIT_RANGE),
                decoder, List.of("spot"));
    }

    /** A white image with a 2x2 red spot at each (x, y). */
    static BufferedImage spots(int w, int h, int[]... at) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        for (int[] p : at) {
            g.fillRect(p[0], p[1], 2, 2);
        }
        g.dispose();
        return img;
    }

    @Override
    public String inputName() {
        return "image";
    }

    @Override
    public long[] inputShape() {
        return new long[] {-1, SIDE, SIDE, 3};
    }

    @Override
    public List<String> outputNames() {
        return List.of("hm", "wh");
    }

    @Override
    public Map<String, INDArray> run(INDArray batch) {
        return sd.output(Map.of("image", batch), "hm", "wh");
    }

    @Override
    public void close() {
        // SameDiff in M2.1 has no close; its arrays are freed with the graph
    }
}
