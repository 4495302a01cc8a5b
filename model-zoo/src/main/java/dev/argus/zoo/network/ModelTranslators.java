package dev.argus.zoo.network;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The translators to ONNX, keyed by the bundle {@code architecture} they read. A bundle whose
 * architecture has an entry here can run on ONNX Runtime without a converted copy on disk (the
 * translation happens at open); one without needs {@code argus convert --to onnx} first.
 *
 * <p>Empty until the translators of {@code dev.argus.zoo.convert} register here, one line each.
 */
public final class ModelTranslators {

    private static final Map<String, ModelTranslator> BY_ARCHITECTURE = new LinkedHashMap<>();

    private ModelTranslators() {
    }

    public static Optional<ModelTranslator> forArchitecture(String architecture) {
        return Optional.ofNullable(BY_ARCHITECTURE.get(architecture));
    }

    /** The architectures that can be translated, for messages. */
    public static java.util.Set<String> architectures() {
        return java.util.Collections.unmodifiableSet(BY_ARCHITECTURE.keySet());
    }
}
