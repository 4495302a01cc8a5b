package dev.argus.zoo.network;

import dev.argus.zoo.bundle.BundleManifest;

/**
 * The engine a bundle runs on, and why, for the caller to print and count.
 *
 * <p>An {@code onnx} bundle runs on ONNX Runtime only. A {@code dl4j-graph} or {@code tfjs-graph} bundle
 * runs on DL4J, or on ONNX Runtime when a {@link ModelTranslators translator} gives its ONNX form.
 * {@code auto} takes ONNX Runtime whenever there is an ONNX form.
 */
public record EngineChoice(Engine engine, String reason, boolean automatic) {

    /** A choice made for the caller (not by {@code auto}). */
    public EngineChoice(Engine engine, String reason) {
        this(engine, reason, false);
    }

    /** "onnxruntime (auto: ...)", for logs and status lines. */
    @Override
    public String toString() {
        return engine.cliName() + " (" + reason + ")";
    }

    /**
     * Decides for {@code manifest}: {@code requested} if given, else the manifest's {@code engine}, else
     * auto.
     *
     * @throws IllegalArgumentException when the engine asked for cannot run this bundle, saying what to do
     */
    public static EngineChoice decide(BundleManifest manifest, Engine requested) {
        String architecture = manifest.architecture();
        Engine asked;
        String source;
        if (requested != null) {
            asked = requested;
            source = "asked for";
        } else if (manifest.engine() != null) {
            try {
                asked = Engine.parse(manifest.engine());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("manifest 'engine': " + e.getMessage(), e);
            }
            source = "bundle default";
        } else {
            asked = Engine.AUTO;
            source = "auto";
        }
        boolean onnxModel = NetworkEngines.ONNX.equals(architecture);
        boolean translatable = ModelTranslators.forArchitecture(architecture).isPresent();
        return switch (asked) {
            case ONNXRUNTIME -> {
                if (!onnxModel && !translatable) {
                    throw new IllegalArgumentException("no ONNX form of this " + architecture + " bundle (no translator"
                            + " for it here); run argus convert --to onnx on the bundle and open the converted one");
                }
                yield new EngineChoice(Engine.ONNXRUNTIME, source + (onnxModel ? "" : ", translated from " + architecture));
            }
            case DL4J -> {
                if (onnxModel) {
                    throw new IllegalArgumentException("an onnx bundle runs on ONNX Runtime only; use engine onnxruntime"
                            + " or auto");
                }
                yield new EngineChoice(Engine.DL4J, source);
            }
            case AUTO -> onnxModel ? new EngineChoice(Engine.ONNXRUNTIME, source + ": ONNX model", true)
                    : translatable ? new EngineChoice(Engine.ONNXRUNTIME, source + ": translated from " + architecture, true)
                    : new EngineChoice(Engine.DL4J, source + ": no ONNX form of " + architecture, true);
        };
    }

    /** Auto's way back to DL4J when the translation it counted on fails. */
    public EngineChoice fallback(String why) {
        return new EngineChoice(Engine.DL4J, reason + "; ONNX translation failed, so dl4j: " + why, true);
    }
}
