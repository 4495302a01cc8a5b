package dev.argus.zoo.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * How each bundle {@code architecture} becomes a {@link Network}, keyed by the manifest's value. A new
 * engine is one more entry here; nothing else chooses between them.
 */
public final class NetworkEngines {

    /** TF.js graph model ({@code model.json} + weight shards), imported into SameDiff. */
    public static final String TFJS_GRAPH = "tfjs-graph";

    /** DL4J ComputationGraph (ModelSerializer zip), as {@code argus train} writes it. */
    public static final String DL4J_GRAPH = "dl4j-graph";

    /** An ONNX model ({@code model.onnx}), run by ONNX Runtime ({@link OnnxRuntimeNetwork}). */
    public static final String ONNX = "onnx";

    /** Loads the network stored in one file of a bundle. */
    @FunctionalInterface
    public interface Loader {
        Network load(Path graphFile) throws IOException;
    }

    private static final Map<String, Loader> BY_ARCHITECTURE = new LinkedHashMap<>();

    static {
        BY_ARCHITECTURE.put(TFJS_GRAPH, TfjsNetwork::load);
        BY_ARCHITECTURE.put(DL4J_GRAPH, ComputationGraphNetwork::load);
        // the default CPU session; Detectors passes the caller's threads and GPU options itself
        BY_ARCHITECTURE.put(ONNX, OnnxRuntimeNetwork::load);
    }

    private NetworkEngines() {
    }

    public static boolean knows(String architecture) {
        return BY_ARCHITECTURE.containsKey(architecture);
    }

    /** The loader for {@code architecture}; an unknown one is an {@link IllegalArgumentException} listing the known ones. */
    public static Loader forArchitecture(String architecture) {
        Loader loader = BY_ARCHITECTURE.get(architecture);
        if (loader == null) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "' (known: "
                    + String.join(", ", BY_ARCHITECTURE.keySet()) + ")");
        }
        return loader;
    }
}
