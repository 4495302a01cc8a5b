package dev.argus.zoo.network;

/**
 * What the caller asks of the engine when opening a bundle.
 *
 * @param engine      the engine asked for; null: the bundle's {@code engine} default, else {@link Engine#AUTO}
 * @param onnxRuntime threads and GPU options, used when the choice is ONNX Runtime
 */
public record EngineOptions(Engine engine, OnnxRuntimeOptions onnxRuntime) {

    /** The bundle's default engine, ONNX Runtime on one CPU thread. */
    public static final EngineOptions DEFAULT = new EngineOptions(null, OnnxRuntimeOptions.DEFAULT);

    public EngineOptions {
        if (onnxRuntime == null) {
            onnxRuntime = OnnxRuntimeOptions.DEFAULT;
        }
    }

    public static EngineOptions of(Engine engine) {
        return new EngineOptions(engine, OnnxRuntimeOptions.DEFAULT);
    }
}
