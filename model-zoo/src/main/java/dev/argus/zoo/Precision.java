package dev.argus.zoo;

import java.util.Locale;

/**
 * The floating-point width a detector runs in. FP16 halves memory traffic on GPUs with tensor cores;
 * on the CPU backend ND4J has no FP16 kernels worth the name (scalar fallbacks measured 45-80x
 * slower than FP32, and FP16 training gives NaN), so there it is refused rather than silently slow.
 */
public enum Precision {
    FP32, FP16;

    public static Precision parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision must be fp32 or fp16, got '" + text + "'");
        }
    }

    /**
     * Fails with a clear message when this precision cannot run on the given ND4J backend.
     *
     * @param backendName the simple class name of the ND4J backend, e.g. CpuBackend or CudaBackend
     */
    public void requireSupportedBy(String backendName) {
        if (this == FP16 && !backendName.toLowerCase(Locale.ROOT).contains("cuda")) {
            throw new UnsupportedOperationException("fp16 inference needs the CUDA backend (build with -Pgpu and run "
                    + "on a GPU node); this JVM runs ND4J's " + backendName + ", where fp16 is 45-80x slower than "
                    + "fp32 and training in it gives NaN. Use fp32 on CPU.");
        }
    }

    /** The check against the backend this JVM actually loaded. */
    public void requireSupportedHere() {
        requireSupportedBy(org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
    }
}
