package dev.argus.zoo.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/**
 * Convolution, batch norm, leaky ReLU(0.1): the unit every block is made of. The activation is its own
 * layer because DL4J M2.1 silently ignores {@code BatchNormalization.Builder().activation(...)}, which
 * would leave the whole network linear. The convolution says {@code IDENTITY} outright: a DL4J conv
 * without {@code .activation(...)} is a sigmoid, and the first bundles trained here were conv → sigmoid
 * → BN → leaky ReLU (their saved graphs keep that, and load as they were trained).
 */
final class ConvBlock {

    private ConvBlock() {
    }

    /** Adds {@code name} (its output vertex) to the graph; returns {@code name}. */
    static String add(GraphBuilder g, String name, String input, int kernel, int channels) {
        g.addLayer(name + "_conv", new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).hasBias(false)
                .activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), name + "_conv");
        g.addLayer(name, new ActivationLayer.Builder().activation(new ActivationLReLU(0.1)).build(), name + "_bn");
        return name;
    }
}
