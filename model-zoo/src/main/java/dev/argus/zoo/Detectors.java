package dev.argus.zoo;

import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.EngineChoice;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.network.ModelTranslator;
import dev.argus.zoo.network.ModelTranslators;
import dev.argus.zoo.network.Network;
import dev.argus.zoo.network.NetworkEngines;
import dev.argus.zoo.network.OnnxForm;
import dev.argus.zoo.network.OnnxRuntimeNetwork;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import dev.argus.zoo.postprocess.OutputDecoder;
import dev.argus.zoo.postprocess.OutputDecoders;
import dev.argus.zoo.multiscale.MultiScaleDetector;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.multiscale.MultiScaleSpec;
import dev.argus.zoo.preprocess.InputEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a {@link Detector} from a model bundle, choosing how to build the network from the manifest's
 * {@code architecture} and the decoder from its {@code decoder.type}. Everything that can be wrong with
 * a bundle is reported here, at open time, as a {@link BundleException} naming the bundle.
 */
public final class Detectors {

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
     * Opens the bundle computing in {@code precision}, on the bundle's default engine. FP16 is refused,
     * with the reason, where the engine cannot run it.
     */
    public static GraphDetector open(ModelBundle bundle, Precision precision) {
        return open(bundle, precision, EngineOptions.DEFAULT);
    }

    /**
     * Opens the bundle computing in {@code precision} on the engine {@code engine} asks for (or the
     * bundle's default, or auto). Before returning, the model is checked against the manifest: input name
     * and shape, and every output the decoder reads (name, layout, width for the class count).
     */
    public static GraphDetector open(ModelBundle bundle, Precision precision, EngineOptions engine) {
        BundleManifest manifest = bundle.manifest();
        String name = bundle.describe();
        OutputDecoder decoder;
        EngineChoice choice;
        try {
            decoder = OutputDecoders.forManifest(manifest);
            choice = EngineChoice.decide(manifest, engine.engine());
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": " + e.getMessage(), e);
        }
        Network network = null;
        if (choice.engine() == Engine.ONNXRUNTIME) {
            try {
                network = onnxNetwork(bundle, name, engine.onnxRuntime(), precision);
            } catch (UnsupportedOperationException e) {
                if (!choice.automatic()) {
                    throw new BundleException(name + ": no ONNX form: " + e.getMessage(), e);
                }
                choice = choice.fallback(e.getMessage());
            }
        }
        if (network == null) {
            precision.requireSupportedHere();
            network = loadNetwork(bundle, name).inPrecision(precision);
        }
        try {
            checkModel(name, manifest, network, decoder);
            return new GraphDetector(name, network, new InputEncoder(manifest.input(), manifest.normalization()),
                    decoder, manifest.labels(), choice);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** {@link #open(ModelBundle, Precision, MultiScaleOptions, int)} with tiles in calls of {@link Detector#DEFAULT_BATCH_SIZE}. */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options) {
        return open(bundle, precision, options, Detector.DEFAULT_BATCH_SIZE);
    }

    /** {@link #open(ModelBundle, Precision, MultiScaleOptions, int, EngineOptions)} on the bundle's default engine. */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options, int batchSize) {
        return open(bundle, precision, options, batchSize, EngineOptions.DEFAULT);
    }

    /** {@link #open(ModelBundle, Precision, MultiScaleOptions, int, EngineOptions)} with tiles in calls of {@link Detector#DEFAULT_BATCH_SIZE}. */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options,
                                EngineOptions engine) {
        return open(bundle, precision, options, Detector.DEFAULT_BATCH_SIZE, engine);
    }

    /**
     * Opens the bundle on the engine {@code engine} asks for and, when its {@code multiscale} defaults or
     * {@code options} ask for more than one plain pass per image, wraps it in a {@link MultiScaleDetector}
     * that sends the network {@code batchSize} tiles per call. Options given replace the bundle's defaults
     * part by part; a bad {@code multiscale} block is a {@link BundleException}.
     */
    public static Detector open(ModelBundle bundle, Precision precision, MultiScaleOptions options, int batchSize,
                                EngineOptions engine) {
        MultiScaleSpec spec;
        try {
            spec = MultiScaleOptions.fromBundle(bundle.manifest().multiscale());
        } catch (IllegalArgumentException e) {
            throw new BundleException(bundle.describe() + ": multiscale: " + e.getMessage(), e);
        }
        spec = options.over(spec);
        GraphDetector plain = open(bundle, precision, engine);
        return spec.enabled() ? new MultiScaleDetector(plain, spec, batchSize) : plain;
    }

    /**
     * The decoder parameter of an {@code onnx} bundle whose rank-4 outputs are NCHW (a user's export of a
     * heatmap model): they are handed to the decoder channels-last, the layout every decoder reads. By
     * default an ONNX model's outputs are handed over as the model gives them (Argus's converted bundles
     * already end in channels-last; YOLO and DETR exports are rank 3).
     */
    public static final String CHANNELS_FIRST_OUTPUTS = "channels_first_outputs";

    /**
     * The bundle's network on ONNX Runtime: its own model.onnx, or its translation. A translator that
     * fails is an {@link UnsupportedOperationException} (auto then falls back to DL4J).
     */
    private static Network onnxNetwork(ModelBundle bundle, String name, OnnxRuntimeOptions options, Precision precision) {
        BundleManifest manifest = bundle.manifest();
        String what = "'" + manifest.graph() + "'";
        try {
            if (NetworkEngines.ONNX.equals(manifest.architecture())) {
                boolean channelsFirst = manifest.decoder().booleanParam(CHANNELS_FIRST_OUTPUTS, false);
                OnnxForm form = new OnnxForm(Files.readAllBytes(bundle.file(manifest.graph())), channelsFirst);
                return OnnxRuntimeNetwork.load(form, options, precision);
            }
            ModelTranslator translator = ModelTranslators.forArchitecture(manifest.architecture()).orElseThrow();
            OnnxForm form;
            try {
                form = translator.toOnnx(bundle);
            } catch (IOException | RuntimeException e) {
                throw new UnsupportedOperationException(e.getMessage(), e);
            }
            what = "the ONNX translation of " + what;
            return OnnxRuntimeNetwork.load(form, options, precision);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new BundleException(name + ": cannot load the network from " + what + " on ONNX Runtime: "
                    + e.getMessage(), e);
        }
    }

    /** The manifest against the model, before anything runs; each mismatch is one line naming it. */
    private static void checkModel(String name, BundleManifest manifest, Network network, OutputDecoder decoder) {
        String declared = manifest.input().name();
        if (declared != null && !declared.equals(network.inputName())) {
            throw new BundleException(name + ": the manifest's input is '" + declared + "' but the model's input is '"
                    + network.inputName() + "'");
        }
        Map<String, long[]> shapes = network.outputShapes();
        if (shapes.isEmpty()) {
            return; // the network cannot tell before running; the decoder checks at the first batch
        }
        for (String output : decoder.requiredOutputs()) {
            if (!shapes.containsKey(output)) {
                throw new BundleException(name + ": decoder '" + manifest.decoder().type() + "' reads output '" + output
                        + "' but the model's outputs are " + shapes.keySet());
            }
        }
        try {
            decoder.checkOutputs(shapes);
        } catch (IllegalArgumentException e) {
            throw new BundleException(name + ": " + e.getMessage(), e);
        }
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
