package dev.argus.zoo.network;

/**
 * Lets DL4J layers use ND4J's native (oneDNN, where the native build has it) convolution, pooling and
 * batch-norm kernels instead of its Java im2col path. DL4J M2.1 disables these "helpers" by default,
 * and even when allowed a renamed class made them fail silently; {@code org.nd4j.nativeblas.Nd4jCpu}
 * puts the name back. Outputs agree with the Java path to float rounding.
 *
 * <p>A user's explicit {@code -Dorg.eclipse.deeplearning4j.helpers.disable=...} wins.
 */
public final class LayerHelpers {

    static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private LayerHelpers() {
    }

    /** Call before building or loading a network (DL4J reads the property as each layer is created). */
    public static void enableUnlessConfigured() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }

    public static boolean enabled() {
        return "false".equals(System.getProperty(PROPERTY));
    }
}
