package dev.argus.zoo.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;

/**
 * Walks every layer of every head × {SPP, FPN} graph and checks each activation is the one the
 * architecture means: conv → BN → leaky ReLU(0.1), so every convolution is linear (DL4J M2.1's default
 * for a layer without {@code .activation(...)} is sigmoid, which the first trained bundles carried);
 * batch norm states identity (it would ignore anything else); every {@code ActivationLayer} is
 * leaky ReLU 0.1; loss layers as their losses are written (the CenterNet heatmap sigmoid, the rest
 * linear). A layer kind this test does not know fails it, so a new one gets a rule here.
 */
class LayerActivationsTest {

    static Stream<Arguments> everyVariant() {
        List<Arguments> all = new ArrayList<>();
        for (DetectorArchitecture.Head head : DetectorArchitecture.Head.values()) {
            for (boolean spp : new boolean[]{false, true}) {
                for (boolean fpn : new boolean[]{false, true}) {
                    all.add(Arguments.of(head, spp, fpn));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} spp={1} fpn={2}")
    @MethodSource("everyVariant")
    void everyLayerHasTheActivationTheArchitectureMeans(DetectorArchitecture.Head head, boolean spp, boolean fpn) {
        ComputationGraphConfiguration conf = new DetectorArchitecture(head, spp, fpn, 64, 4, 3).configuration(7, 1e-3);
        List<String> wrong = new ArrayList<>();
        int convs = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            String name = e.getKey();
            Layer layer = lv.getLayerConf().getLayer();
            String problem = check(name, layer);
            if (problem != null) {
                wrong.add(name + " (" + layer.getClass().getSimpleName() + "): " + problem);
            }
            if (layer instanceof ConvolutionLayer) {
                convs++;
            }
        }
        assertTrue(convs >= 6, "the walk saw " + convs + " convolutions; every graph has at least six");
        assertEquals(List.of(), wrong);
    }

    private static String check(String name, Layer layer) {
        if (layer instanceof ConvolutionLayer c) {
            return expect(c.getActivationFn(), ActivationIdentity.class, "a conv is linear (BN and LReLU follow, or it is a head's logits)");
        }
        if (layer instanceof BatchNormalization bn) {
            return expect(bn.getActivationFn(), ActivationIdentity.class, "batch norm applies no activation");
        }
        if (layer instanceof ActivationLayer a) {
            IActivation fn = a.getActivationFn();
            return fn instanceof ActivationLReLU l && l.getAlpha() == 0.1 ? null : "expected leaky ReLU 0.1, got " + fn;
        }
        if (layer instanceof CnnLossLayer loss) {
            return name.equals(CenterNetHead.HEATMAP)
                    ? expect(loss.getActivationFn(), ActivationSigmoid.class, "the focal loss reads sigmoid probabilities")
                    : expect(loss.getActivationFn(), ActivationIdentity.class, "this loss reads raw values or logits");
        }
        if (layer instanceof LossLayer loss) {
            return expect(loss.getActivationFn(), ActivationIdentity.class, "the set loss reads raw values");
        }
        if (layer instanceof Yolo2OutputLayer || layer instanceof NoParamLayer || layer instanceof AbstractSameDiffLayer) {
            return null; // activations of their own making (Yolo2's sigmoid/exp), or none (pooling, upsampling)
        }
        if (layer instanceof BaseLayer b) {
            return "no rule for this layer kind (activation " + b.getActivationFn() + ")";
        }
        return "no rule for this layer kind";
    }

    private static String expect(IActivation fn, Class<? extends IActivation> kind, String why) {
        return kind.isInstance(fn) ? null : "expected " + kind.getSimpleName() + " (" + why + "), got " + fn;
    }
}
