package dev.argus.zoo;

import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.multiscale.MultiScaleSpec;
import dev.argus.zoo.preprocess.InputEncoder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a {@link Detector} from a model bundle, choosing how to build the network from the manifest's
 * {@code architecture} and the decoder from its {@code decoder.type}. Everything that can be wrong with
 * a bundle is reported here, at open time, as a {@link BundleException} naming the bundle.
 */
public final class Detectors {

    /** TF.js graph model ({@code model.json} + weight shards), imported into SameDiff. */
    public static final String TFJS_GRAPH = NetworkEngines.TFJS_GRAPH;

    /** DL4J ComputationGraph (ModelSerializer zip), as {@code argus train} writes it. */
    public static final String DL4J_GRAPH = NetworkEngines.DL4J_GRAPH;

    private Detectors() {
    }

    /** Opens the bundle at {@code bundle} (a directory or a .zip), verifies it, and loads its network. */
    public static GraphDetector open(Path bundle) {
        try (ModelBundle opened = ModelBundle.open(bundle)) {
            return open(opened); // the network is in memory once loaded; an unpacked zip can go
        }
    }

    public static GraphDetector open(ModelBundle bundle) {
        return open(bundle, Precision.FP32);
    }

    /**
     * Opens the bundle computing in {@code precision}. FP16 is refused, with the reason, unless this
     * JVM runs ND4J's CUDA backend ({@link Precision#requireSupportedHere}).
     */
    public static GraphDetector open(ModelBundle bundle, Precision precision) {
        precision.requireSupportedHere();
        BundleManifest manifest = bundle.manifest();
        String name = bundle.describe();
        OutputDecoder decoder;
        try {
            decoder = OutputDecoders.forManifest(manifest);
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": " + e.getMessage(), e);
        }
        Network network = loadNetwork(bundle, name).inPrecision(precision);
        try {
            return new GraphDetector(name, network, new InputEncoder(manifest.input(), manifest.normalization()),
                    decoder, manifest.labels());
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** {@link #open(ModelBundle, Precision, MultiScaleOptions, int)} with tiles in calls of {@link Detector#DEFAULT_BATCH_SIZE}. */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options) {
        return open(bundle, precision, options, Detector.DEFAULT_BATCH_SIZE);
    }

    /**
     * Opens the bundle and, when its {@code multiscale} defaults or {@code options} ask for more than one
     * plain pass per image, wraps it in a {@link MultiScaleDetector} that sends the network
     * {@code batchSize} tiles per call. Options given replace the bundle's defaults part by part; a bad
     * {@code multiscale} block is a {@link BundleException}.
     */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options, int batchSize) {
        MultiScaleSpec spec;
        try {
            spec = MultiScaleOptions.fromBundle(bundle.manifest().multiscale());
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle.describe() + ": multiscale: " + e.getMessage(), e);
        }
        spec = options.over(spec);
        GraphDetector plain = open(bundle, precision);
        return spec.enabled() ? new MultiScaleDetector(plain, spec, batchSize) : plain;
    }

    private static Network loadNetwork(ModelBundle bundle, String name) {
        NetworkEngines.Loader loader;
        try {
            loader = NetworkEngines.forArchitecture(bundle.manifest().architecture());
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": " + e.getMessage(), e);
        }
        Path graph = bundle.file(bundle.manifest().graph());
        try {
            return loader.load(graph);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(name + ": cannot load the network from '" + bundle.manifest().graph() + "': "
                    + e.getMessage(), e);
        }
    }
}
