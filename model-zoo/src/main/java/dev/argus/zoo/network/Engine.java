package dev.argus.zoo.network;

import java.util.Locale;

/**
 * Which runtime computes a bundle's network. {@link #AUTO} takes ONNX Runtime wherever the bundle has
 * an ONNX form (measured 3-5x cheaper per image than DL4J on the same graph), DL4J otherwise. DL4J stays
 * the engine for training and for bundles nothing translates yet.
 */
public enum Engine {
    AUTO, ONNXRUNTIME, DL4J;

    /** {@code auto}, {@code onnxruntime} or {@code dl4j}, any case. */
    public static Engine parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.cliName().equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException("engine must be auto, onnxruntime or dl4j, got '" + text + "'");
    }

    /** The spelling on command lines, in manifests and in counters. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
