package dev.argus.zoo.convert;

import dev.argus.zoo.bundle.BundleException;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.DecoderSpec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.network.ComputationGraphNetwork;
import dev.argus.zoo.network.NetworkEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;

/**
 * Turns a bundle into an equivalent ONNX bundle: {@code model.onnx} plus the source's manifest with
 * {@code architecture: "onnx"} — same input, normalisation, labels and decoder, because the ONNX graph
 * takes the same input and hands over the same outputs, by name and layout, as the source engine does.
 */
public final class BundleConverter {

    /** The graph file of the bundles this writes. */
    public static final String ONNX_GRAPH = "model.onnx";

    private BundleConverter() {
    }

    /**
     * Converts the bundle at {@code bundle} (directory or zip) into a new bundle directory {@code out},
     * which must not exist or be empty. Returns the written bundle, verified, and what it left out.
     *
     * @throws OnnxConversionException the model holds something ONNX conversion does not cover (the
     *                                 message names it)
     * @throws BundleException         the source is not a valid bundle, or {@code out} is in use
     */
    public static ConvertedBundle toOnnx(Path bundle, Path out) throws IOException {
        refuseNonEmpty(out);
        try (ModelBundle source = ModelBundle.open(bundle)) {
            BundleManifest manifest = source.manifest();
            ConvertedModel converted = convert(source);
            Path work = Files.createTempDirectory("argus-convert-");
            Path onnxFile = work.resolve(ONNX_GRAPH);
            try {
                Files.write(onnxFile, converted.model().toByteArray());
                BundleManifest onnxManifest = new BundleManifest(manifest.format(), manifest.name(), manifest.version(),
                        NetworkEngines.ONNX, ONNX_GRAPH, manifest.input(), manifest.normalization(), manifest.labels(),
                        withoutMissingOutputs(manifest.decoder(), converted.model()), Map.of(), manifest.multiscale());
                return new ConvertedBundle(BundleWriter.write(out, onnxManifest, Map.of(ONNX_GRAPH, onnxFile)),
                        converted.leftOut());
            } finally {
                Files.deleteIfExists(onnxFile);
                Files.deleteIfExists(work);
            }
        }
    }

    /**
     * The decoder as the source has it, less any {@code *_output} parameter naming an output the ONNX
     * model does not have (one left out, see {@link ConvertedModel#leftOut()}): decoders read only the
     * outputs they need, and a manifest should not name outputs its model lacks.
     */
    static DecoderSpec withoutMissingOutputs(DecoderSpec decoder, ModelProto model) {
        if (decoder == null) {
            return null;
        }
        java.util.Set<String> outputs = new java.util.HashSet<>();
        model.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        decoder.params().forEach((k, v) -> {
            if (!(k.endsWith("_output") && v instanceof String s && !outputs.contains(s))) {
                params.put(k, v);
            }
        });
        return new DecoderSpec(decoder.type(), params);
    }

    /** The ONNX model of an opened bundle's network. */
    public static ConvertedModel convert(ModelBundle source) throws IOException {
        String architecture = source.manifest().architecture();
        Path graph = source.file(source.manifest().graph());
        String name = source.manifest().name();
        return switch (architecture) {
            case NetworkEngines.DL4J_GRAPH -> {
                try (ComputationGraphNetwork net = ComputationGraphNetwork.load(graph)) {
                    long[] inputShape = {1, 3, source.manifest().input().height(), source.manifest().input().width()};
                    yield new ConvertedModel(ComputationGraphToOnnx.convert(net.graph(), name, inputShape), List.of());
                }
            }
            case NetworkEngines.TFJS_GRAPH -> TfjsToOnnx.convert(graph, name);
            default -> throw new OnnxConversionException("bundle " + source.describe() + ": architecture '" + architecture
                    + "' has no ONNX converter (known: " + NetworkEngines.DL4J_GRAPH + ", " + NetworkEngines.TFJS_GRAPH + ")");
        };
    }

    private static void refuseNonEmpty(Path out) throws IOException {
        if (Files.isRegularFile(out)) {
            throw new BundleException("output " + out + " is a file; give a directory that does not exist or is empty");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new BundleException("output " + out + " is not empty; give a new or empty directory");
                }
            }
        }
    }
}
