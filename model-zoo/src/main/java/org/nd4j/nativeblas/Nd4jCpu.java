package org.nd4j.nativeblas;

/**
 * Compatibility shim for a DL4J 1.0.0-M2.1 bug: {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, but ND4J M2.1 moved and
 * renamed it to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN}. The
 * lookup fails silently and every layer helper is dropped, so DL4J layers never reach the native
 * (oneDNN) conv, pooling and batch-norm kernels. This class restores the old name and delegates.
 * It has an effect only when helpers are allowed ({@code -Dorg.eclipse.deeplearning4j.helpers.disable=false},
 * see {@code dev.argus.zoo.network.LayerHelpers}). Measured on 2 cores with the onednn-avx512 native build:
 * training 2-3x and inference 7-8x cheaper, same outputs to 2e-4.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** What BaseMKLDNNHelper calls: {@code Environment.getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
