package dev.argus.zoo.detr;

import dev.argus.zoo.postprocess.DetrSetDecoder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.Detection;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.bundle.DecoderSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The DETR head in a real DL4J graph, its targets and its decoder. */
class DetrHeadTest {

    private static final int CLASSES = 4;

    private static DetectorArchitecture arch(PositionEncoding positions, QueryKind queryKind, Attention.Kind attention, int tile) {
        return new DetectorArchitecture(DetectorArchitecture.Head.DETR, false, true, 64, 4, CLASSES,
                new DetrOptions(6, 4, 1, 2, positions, attention, tile, queryKind));
    }

    static Stream<Arguments> positionsAndQueries() {
        return Stream.of(PositionEncoding.values())
                .flatMap(p -> Stream.of(QueryKind.values()).map(q -> Arguments.of(p, q)));
    }

    @ParameterizedTest
    @MethodSource("positionsAndQueries")
    void tiledAndPlainAttentionGiveTheSameOutputFromTheSameWeights(PositionEncoding positions, QueryKind queryKind) {
        // 64 px at stride 8: 64 tokens; a tile of 7 leaves a last block of 1
        ComputationGraph plain = arch(positions, queryKind, Attention.Kind.PLAIN, 7).newNetwork(3, 1e-3);
        ComputationGraph tiled = arch(positions, queryKind, Attention.Kind.TILED, 7).newNetwork(4, 1e-3);
        tiled.setParams(plain.params());
        Nd4j.getRandom().setSeed(5);
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, 3, 64, 64);
        INDArray a = plain.outputSingle(images);
        INDArray b = tiled.outputSingle(images);
        assertEquals(3 * 2 * 6 * (CLASSES + 5), a.length(), "both decoder layers' sets");
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "plain and tiled differ by " + diff);
        assertTrue(a.stdNumber().doubleValue() > 1e-3, "the head's output should vary with the input");
    }

    @ParameterizedTest
    @MethodSource("positionsAndQueries")
    void positionsReachTheOutput(PositionEncoding positions, QueryKind queryKind) {
        // Without positions, attention is blind to token order: the encoder permutes along with its input
        // and the decoder's cross-attention sums over all tokens, so rolling the feature map's columns
        // would leave the output as it was. With them it must change.
        int c = 16, h = 8, w = 8;
        ComputationGraph net = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(3).graphBuilder().addInputs("map")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(h, w, c))
                .addLayer("t", new DetrTransformer(new DetrOptions(4, 2, 1, 1, positions, Attention.Kind.TILED, 16, queryKind), 3), "map")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(new SetPredictionLoss(4, 3))
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "t")
                .setOutputs("out").build());
        net.init();
        Nd4j.getRandom().setSeed(9);
        INDArray map = Nd4j.randn(DataType.FLOAT, 1, c, h, w).muli(3);
        INDArray rolled = Nd4j.zeros(DataType.FLOAT, 1, c, h, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    rolled.putScalar(new long[]{0, ch, y, x}, map.getFloat(0, ch, y, (x + 3) % w));
                }
            }
        }
        double diff = net.outputSingle(map).sub(net.outputSingle(rolled)).amaxNumber().doubleValue();
        assertTrue(diff > 1e-3, positions + ": output unchanged when the tokens move: " + diff);
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void anchoredQueriesStartAtTheirPointsAndLearnOnlyAnOffset(PositionEncoding positions) {
        int queries = 6;
        DetectorArchitecture arch = new DetectorArchitecture(DetectorArchitecture.Head.DETR, false, true, 64, 4, CLASSES,
                new DetrOptions(queries, 4, 1, 2, positions, Attention.Kind.TILED, 64, QueryKind.ANCHORED));
        assertEquals("detr-fpn-" + positions.id() + "-anchored", arch.name());
        ComputationGraph net = arch.newNetwork(3, 1e-3);
        // the box head's last layer at zero: what is left of each box logit is the anchor's offset
        org.deeplearning4j.nn.api.Layer transformer = net.getLayer(DetectorArchitecture.DETR_OUTPUT + "_transformer");
        transformer.getParam("boxW2").assign(0);
        transformer.getParam("boxB2").assign(0);
        Nd4j.getRandom().setSeed(5);
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64));
        int per = CLASSES + 5;
        double[][] anchors = QueryKind.anchors(queries);
        for (int image = 0; image < 2; image++) {
            for (int layer = 0; layer < 2; layer++) {
                for (int q = 0; q < queries; q++) {
                    int at = (layer * queries + q) * per + CLASSES + 1;
                    assertEquals(anchors[q][0], sigmoid(out.getDouble(image, at)), 1e-5, "query " + q + " cx");
                    assertEquals(anchors[q][1], sigmoid(out.getDouble(image, at + 1)), 1e-5, "query " + q + " cy");
                    assertEquals(0.5, sigmoid(out.getDouble(image, at + 2)), 1e-6, "query " + q + " w");
                }
            }
        }
    }

    @Test
    void anchorsCoverTheImageOnAGrid() {
        double[][] twelve = QueryKind.anchors(12);   // 4 columns × 3 rows
        assertEquals(0.125, twelve[0][0], 1e-12);
        assertEquals(1 / 6.0, twelve[0][1], 1e-12);
        assertEquals(0.875, twelve[11][0], 1e-12);
        assertEquals(5 / 6.0, twelve[11][1], 1e-12);
        double[][] five = QueryKind.anchors(5);      // 3 columns, a last row of 2 spread over the width
        assertEquals(0.25, five[3][0], 1e-12);
        assertEquals(0.75, five[4][0], 1e-12);
        assertEquals(0.75, five[4][1], 1e-12);
        assertEquals(0.5, QueryKind.anchors(1)[0][0], 1e-12);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void targetsMadeIntoAPerfectOutputDecodeBackToTheTruth() {
        int queries = 6;
        List<Detection> truth = List.of(new Detection(2, "triangle", 1, 10, 20, 40, 44),
                new Detection(0, "circle", 1, 70, 64, 90, 120));
        INDArray labels = new DetrLabels(queries, CLASSES, 128)
                .encode(Nd4j.zeros(1, 3, 128, 128), List.of(truth)).getLabels(0);
        // one query per object, in reverse slot order; the rest say "no object"
        int per = CLASSES + 5;
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, queries * per);
        for (int q = 0; q < queries; q++) {
            out.putScalar(0, q * per + CLASSES, 8);
        }
        for (int slot = 0; slot < 2; slot++) {
            int q = queries - 1 - slot;
            out.putScalar(0, q * per + CLASSES, 0);
            out.putScalar(0, q * per + (int) labels.getDouble(0, slot * 5), 8);
            for (int i = 0; i < 4; i++) {
                double v = labels.getDouble(0, slot * 5 + 1 + i);
                out.putScalar(0, q * per + CLASSES + 1 + i, Math.log(v / (1 - v)));
            }
        }
        DetrSetDecoder decoder = new DetrSetDecoder(new DecoderSpec(DetrSetDecoder.TYPE,
                Map.of("output", "detr", "queries", queries, "score_threshold", 0.5)), CLASSES, 128, 128);
        CandidateBoxes boxes = decoder.decode(Map.of("detr", out)).get(0);
        assertEquals(2, boxes.size(), "the four 'no object' queries are not boxes, and nothing is suppressed");
        for (Detection t : truth) {
            boolean found = false;
            for (int i = 0; i < boxes.size(); i++) {
                found |= boxes.classId(i) == t.classId() && Math.abs(boxes.x1(i) - t.x1()) < 1e-3
                        && Math.abs(boxes.y1(i) - t.y1()) < 1e-3 && Math.abs(boxes.x2(i) - t.x2()) < 1e-3
                        && Math.abs(boxes.y2(i) - t.y2()) < 1e-3 && boxes.score(i) > 0.99;
            }
            assertTrue(found, "missing " + t);
        }
    }

    @Test
    void aQueryTornBetweenTwoClassesOffersItsBoxUnderEachWhenAskedTo() {
        int queries = 2;
        int per = CLASSES + 5;
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, queries * per);
        out.putScalar(0, 0, 1.5);                           // query 0: square, triangle, circle, cross
        out.putScalar(0, 1, 3.0);
        out.putScalar(0, 2, 2.5);
        out.putScalar(0, per + CLASSES, 9);                 // query 1: no object
        double[] boxLogits = {-0.5, 0.2, -1.0, -1.5};
        for (int i = 0; i < 4; i++) {
            out.putScalar(0, CLASSES + 1 + i, boxLogits[i]);
        }
        CandidateBoxes best = detr(queries, Map.of()).decode(Map.of("detr", out)).get(0);
        assertEquals(1, best.size(), "by default a query is one box, under its best class");
        assertEquals(1, best.classId(0));
        CandidateBoxes two = detr(queries, Map.of("classes_per_query", 2)).decode(Map.of("detr", out)).get(0);
        assertEquals(2, two.size());
        assertEquals(1, two.classId(0), "the likelier class first");
        assertEquals(2, two.classId(1));
        assertEquals(best.score(0), two.score(0), 1e-6);
        assertTrue(two.score(1) < two.score(0) && two.score(1) > 0.2, "scored by its own probability: " + two.score(1));
        assertEquals(two.x1(0), two.x1(1), 0);
        assertEquals(two.y2(0), two.y2(1), 0);
        assertEquals(3, detr(queries, Map.of("classes_per_query", 4)).decode(Map.of("detr", out)).get(0).size(),
                "the third class clears the threshold, the fourth and 'no object' query 1 do not");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detr(queries, Map.of("classes_per_query", CLASSES + 1)));
        assertTrue(e.getMessage().contains("classes_per_query"), e.getMessage());
    }

    private static DetrSetDecoder detr(int queries, Map<String, Object> extra) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("output", "detr", "queries", queries, "score_threshold", 0.05));
        params.putAll(extra);
        return new DetrSetDecoder(new DecoderSpec(DetrSetDecoder.TYPE, params), CLASSES, 128, 128);
    }

    @Test
    void aDecoderOnTheWrongOutputSaysWhatItExpected() {
        DetrSetDecoder decoder = new DetrSetDecoder(new DecoderSpec(DetrSetDecoder.TYPE,
                Map.of("output", "detr", "queries", 6)), CLASSES, 128, 128);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(Map.of("detr", Nd4j.zeros(DataType.FLOAT, 2, 50))));
        assertTrue(e.getMessage().contains("6 queries") && e.getMessage().contains("[2, 50]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DetrSetDecoder(new DecoderSpec(DetrSetDecoder.TYPE, Map.of()), 4, 8, 8));
    }
}
