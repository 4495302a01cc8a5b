package dev.argus.zoo.arch;

import dev.argus.zoo.bundle.DecoderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A trainable detector as a DL4J {@link ComputationGraph} built from named blocks:
 * <pre>
 *   image ─▶ {@link Backbone} (C3/4, C4/8, C5/16) ─▶ [{@link SppBlock}] ─▶ {@link FpnNeck} (FPN merge or plain upsample)
 *         ─▶ {@link YoloHead} (stride 8, anchors) | {@link CenterNetHead} (stride 4, anchor-free)
 * </pre>
 * SPP and FPN are switches, so an ablation is one flag. Input is NCHW RGB in [0, 1], square, a multiple
 * of 16 pixels.
 *
 * @param width channel width of the backbone's first block (later ones are multiples of it)
 */
public record DetectorArchitecture(Head head, boolean spp, boolean fpn, int inputSize, int width, int numClasses) {

    /** The detection head. */
    public enum Head {
        /** YOLOv2-style grid with anchor boxes. */
        YOLO,
        /** CenterNet-style centre heatmaps, anchor-free. */
        CENTERNET;

        public static Head parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("head must be yolo or centernet, got '" + s + "'");
            }
        }
    }

    public static final String INPUT = "image";
    /** Channels of the neck and head convs. */
    private static final int NECK_CHANNELS = 64;

    public DetectorArchitecture {
        if (head == null) {
            throw new IllegalArgumentException("head is missing");
        }
        if (inputSize < 32 || inputSize % 16 != 0) {
            throw new IllegalArgumentException("input size must be a multiple of 16 and at least 32, got " + inputSize);
        }
        if (width < 2) {
            throw new IllegalArgumentException("width must be at least 2, got " + width);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("a detector needs at least one class");
        }
    }

    /** e.g. {@code yolo-spp-fpn}, {@code centernet}. */
    public String name() {
        return head.name().toLowerCase(Locale.ROOT) + (spp ? "-spp" : "") + (fpn ? "-fpn" : "");
    }

    /** Input pixels per output cell. */
    public int stride() {
        return head == Head.YOLO ? YoloHead.STRIDE : CenterNetHead.STRIDE;
    }

    public int gridSize() {
        return inputSize / stride();
    }

    public List<String> outputs() {
        return head == Head.YOLO ? List.of(YoloHead.OUTPUT)
                : List.of(CenterNetHead.HEATMAP, CenterNetHead.SIZE, CenterNetHead.OFFSET);
    }

    /** A freshly initialised network. */
    public ComputationGraph newNetwork(long seed, double learningRate) {
        ComputationGraph net = new ComputationGraph(configuration(seed, learningRate));
        net.init();
        return net;
    }

    public ComputationGraphConfiguration configuration(long seed, double learningRate) {
        LayerHelpers.enableUnlessConfigured();
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(inputSize, inputSize, 3));
        Backbone.Features f = Backbone.add(g, INPUT, width);
        String top = spp ? SppBlock.add(g, f.c5(), f.c5Channels()) : f.c5();
        String neck = FpnNeck.add(g, f, top, stride(), NECK_CHANNELS, fpn);
        if (head == Head.YOLO) {
            YoloHead.add(g, neck, NECK_CHANNELS, numClasses);
        } else {
            CenterNetHead.add(g, neck, NECK_CHANNELS, numClasses);
        }
        g.setOutputs(outputs().toArray(String[]::new));
        return g.build();
    }

    /** Turns boxes in input pixels into this head's training targets. */
    public LabelEncoder labelEncoder() {
        return head == Head.YOLO ? new YoloLabels(gridSize(), stride(), numClasses)
                : new CenterNetLabels(gridSize(), stride(), numClasses);
    }

    /**
     * How a bundle's decoder reads this network's outputs (channels-last, as {@link ComputationGraphNetwork}
     * gives them).
     */
    public DecoderSpec decoder(double scoreThreshold) {
        if (head == Head.YOLO) {
            List<Object> priors = new ArrayList<>();
            for (double[] p : YoloHead.PRIORS_PIXELS) {
                priors.add(List.of(p[0], p[1]));
            }
            return new DecoderSpec(YoloDecoder.TYPE, Map.of("output", YoloHead.OUTPUT, "stride", stride(),
                    "priors", priors, "score_threshold", scoreThreshold, "nms_iou", 0.5, "max_detections", 100));
        }
        return new DecoderSpec("centernet", Map.of("heatmap_output", CenterNetHead.HEATMAP,
                "size_output", CenterNetHead.SIZE, "offset_output", CenterNetHead.OFFSET, "size_format", "wh_grid",
                "stride", stride(), "score_threshold", scoreThreshold, "top_k", 100, "nms_iou", 0.5));
    }
}
