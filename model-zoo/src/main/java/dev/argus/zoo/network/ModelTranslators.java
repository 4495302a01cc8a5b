package dev.argus.zoo.network;

import dev.argus.zoo.convert.BundleConverter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The translators to ONNX, keyed by the bundle {@code architecture} they read. A bundle whose
 * architecture has an entry here can run on ONNX Runtime without a converted copy on disk (the
 * translation happens at open); one without needs {@code argus convert --to onnx} first.
 *
 * <p>The translators of {@code dev.argus.zoo.convert} register here, one line per architecture.
 */
public final class ModelTranslators {

    private static final Map<String, ModelTranslator> BY_ARCHITECTURE = new LinkedHashMap<>();

    static {
        // the converters keep the source engine's output names and layouts (rank-4 outputs channels-last)
        ModelTranslator converter = bundle -> new OnnxForm(BundleConverter.convert(bundle).model().toByteArray(), false);
        BY_ARCHITECTURE.put(NetworkEngines.DL4J_GRAPH, converter);
        BY_ARCHITECTURE.put(NetworkEngines.TFJS_GRAPH, converter);
    }

    private ModelTranslators() {
    }

    public static Optional<ModelTranslator> forArchitecture(String architecture) {
        return Optional.ofNullable(BY_ARCHITECTURE.get(architecture));
    }

    /** The architectures that can be translated, for messages. */
    public static Set<String> architectures() {
        return Collections.unmodifiableSet(BY_ARCHITECTURE.keySet());
    }
}
