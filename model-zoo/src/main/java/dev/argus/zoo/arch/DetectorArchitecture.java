package dev.argus.zoo.arch;

import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.postprocess.YoloDecoder;
import dev.argus.zoo.postprocess.YoloFpnDecoder;
import dev.argus.zoo.network.LayerHelpers;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.postprocess.DetrSetDecoder;
import dev.argus.zoo.detr.DetrLabels;
import dev.argus.zoo.detr.DetrOptions;
import dev.argus.zoo.detr.QueryKind;
import dev.argus.zoo.detr.DetrTransformer;
import dev.argus.zoo.detr.SetPredictionLoss;
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
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A trainable detector as a DL4J {@link ComputationGraph} built from named blocks:
 * <pre>
 *   image ─▶ {@link Backbone} (C3/4, C4/8, C5/16) ─▶ [{@link SppBlock}] ─▶ {@link FpnNeck} (FPN merge or plain upsample)
 *         ─▶ {@link YoloFpnHead} (strides 8 and 16, anchors) | {@link Yolo2Head} (stride 8, anchors)
 *          | {@link CenterNetHead} (stride 4, anchor-free) | DETR-lite (stride 8, set prediction)
 * </pre>
 * SPP and FPN are switches, so an ablation is one flag. Input is NCHW RGB in [0, 1], square, a multiple
 * of 16 pixels.
 *
 * @param width channel width of the backbone's first block (later ones are multiples of it)
 */
public record DetectorArchitecture(Head head, boolean spp, boolean fpn, int inputSize, int width, int numClasses,
                                   DetrOptions detr) {

    /** The detection head. */
    public enum Head {
        /** Multi-scale YOLO: strides 8 and 16, k-means anchors, BCE objectness and classes, GIoU boxes ({@link YoloLoss}). */
        YOLO,
        /** YOLOv2-style grid with anchor boxes, stride 8, DL4J's {@code Yolo2OutputLayer}: kept for comparison. */
        YOLO2,
        /** CenterNet-style centre heatmaps, anchor-free. */
        CENTERNET,
        /** DETR-style set prediction: a transformer, learned queries, Hungarian-matched loss, no NMS. */
        DETR;

        public static Head parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("head must be yolo, yolo2, centernet or detr, got '" + s + "'");
            }
        }
    }

    public static final String INPUT = "image";
    /** The DETR head's output layer, and the stride of the feature map its transformer reads. */
    public static final String DETR_OUTPUT = "detr";
    private static final int DETR_STRIDE = 8;
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
        if (head == Head.DETR && detr == null) {
            detr = DetrOptions.defaults();
        } else if (head != Head.DETR) {
            detr = null;
        }
    }

    public DetectorArchitecture(Head head, boolean spp, boolean fpn, int inputSize, int width, int numClasses) {
        this(head, spp, fpn, inputSize, width, numClasses, null);
    }

    /** e.g. {@code yolo-spp-fpn}, {@code centernet}, {@code detr-fpn-rope}, {@code detr-fpn-rope-anchored}. */
    public String name() {
        return head.name().toLowerCase(Locale.ROOT) + (spp ? "-spp" : "") + (fpn ? "-fpn" : "")
                + (detr == null ? "" : "-" + detr.positions().id() + (detr.queryKind() == QueryKind.ANCHORED ? "-anchored" : ""));
    }

    /** Input pixels per output cell (the finest level's, for the multi-scale YOLO). */
    public int stride() {
        return switch (head) {
            case YOLO -> YoloFpnHead.STRIDES[0];
            case YOLO2 -> Yolo2Head.STRIDE;
            case CENTERNET -> CenterNetHead.STRIDE;
            case DETR -> DETR_STRIDE;
        };
    }

    public int gridSize() {
        return inputSize / stride();
    }

    public List<String> outputs() {
        return switch (head) {
            case YOLO -> List.of(YoloFpnHead.OUTPUTS);
            case YOLO2 -> List.of(Yolo2Head.OUTPUT);
            case CENTERNET -> List.of(CenterNetHead.HEATMAP, CenterNetHead.SIZE, CenterNetHead.OFFSET);
            case DETR -> List.of(DETR_OUTPUT);
        };
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
                // stated, not inherited: DL4J's default activation is sigmoid, which no layer here means
                .activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(inputSize, inputSize, 3));
        Backbone.Features f = Backbone.add(g, INPUT, width);
        String top = spp ? SppBlock.add(g, f.c5(), f.c5Channels()) : f.c5();
        String neck = FpnNeck.add(g, f, top, stride(), NECK_CHANNELS, fpn);
        switch (head) {
            case YOLO -> YoloFpnHead.add(g, new String[]{neck, top}, NECK_CHANNELS, numClasses);
            case YOLO2 -> Yolo2Head.add(g, neck, NECK_CHANNELS, numClasses);
            case CENTERNET -> CenterNetHead.add(g, neck, NECK_CHANNELS, numClasses);
            case DETR -> {
                g.addLayer(DETR_OUTPUT + "_transformer", new DetrTransformer(detr, numClasses), neck);
                g.addLayer(DETR_OUTPUT, new LossLayer.Builder(new SetPredictionLoss(detr.queries(), numClasses, detr.decoderLayers()))
                        .activation(Activation.IDENTITY).build(), DETR_OUTPUT + "_transformer");
            }
        }
        g.setOutputs(outputs().toArray(String[]::new));
        return g.build();
    }

    /** Turns boxes in input pixels into this head's training targets. */
    public LabelEncoder labelEncoder() {
        return switch (head) {
            case YOLO -> new YoloFpnLabels(inputSize, numClasses);
            case YOLO2 -> new Yolo2Labels(gridSize(), stride(), numClasses);
            case CENTERNET -> new CenterNetLabels(gridSize(), stride(), numClasses);
            case DETR -> new DetrLabels(detr.queries(), numClasses, inputSize);
        };
    }

    /**
     * How a bundle's decoder reads this network's outputs (channels-last, as {@link ComputationGraphNetwork}
     * gives them).
     */
    public DecoderSpec decoder(double scoreThreshold) {
        if (head == Head.DETR) {
            // Every query offers its box under each class (held-out AP50 0.837 against 0.824 with its best class
            // alone, shapes-detr-fpn-rope/2).
            return new DecoderSpec(DetrSetDecoder.TYPE, Map.of("output", DETR_OUTPUT, "queries", detr.queries(),
                    "layers", detr.decoderLayers(), "score_threshold", scoreThreshold,
                    "classes_per_query", numClasses, "max_detections", Math.min(100, detr.queries() * numClasses)));
        }
        if (head == Head.YOLO) {
            List<Object> levels = new ArrayList<>();
            for (int l = 0; l < YoloFpnHead.STRIDES.length; l++) {
                List<Object> anchors = new ArrayList<>();
                for (double[] a : YoloFpnHead.anchorsPixels(l)) {
                    anchors.add(List.of(a[0], a[1]));
                }
                levels.add(Map.of("output", YoloFpnHead.OUTPUTS[l], "stride", YoloFpnHead.STRIDES[l], "anchors", anchors));
            }
            return new DecoderSpec(YoloFpnDecoder.TYPE, Map.of("levels", levels, "score_threshold", scoreThreshold,
                    "nms_iou", 0.5, "max_detections", 100));
        }
        if (head == Head.YOLO2) {
            List<Object> priors = new ArrayList<>();
            for (double[] p : Yolo2Head.PRIORS_PIXELS) {
                priors.add(List.of(p[0], p[1]));
            }
            return new DecoderSpec(YoloDecoder.TYPE, Map.of("output", Yolo2Head.OUTPUT, "stride", stride(),
                    "priors", priors, "score_threshold", scoreThreshold, "nms_iou", 0.5, "max_detections", 100));
        }
        return new DecoderSpec("centernet", Map.of("heatmap_output", CenterNetHead.HEATMAP,
                "size_output", CenterNetHead.SIZE, "offset_output", CenterNetHead.OFFSET, "size_format", "wh_grid",
                "stride", stride(), "score_threshold", scoreThreshold, "top_k", 100, "nms_iou", 0.5));
    }
}
