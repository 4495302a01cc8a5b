package dev.argus.zoo.bundle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contents of a bundle's {@code bundle.json}: what the model is, how to feed it, how to read its
 * output, and the SHA-256 of every other file in the bundle.
 *
 * @param architecture how the network is built from the files, e.g. {@code tfjs-graph}
 * @param graph        the bundle file the network is loaded from
 * @param files        file name (relative to the bundle root, '/'-separated) to lowercase hex SHA-256
 * @param multiscale   optional small-object defaults (pyramid, slicing, merging); null: one plain pass
 * @param engine       optional default engine ({@code auto}, {@code onnxruntime}, {@code dl4j}); a
 *                     caller's explicit choice wins; null: auto
 */
public record BundleManifest(int format, String name, String version, String architecture, String graph,
                             InputSpec input, Normalization normalization, List<String> labels,
                             DecoderSpec decoder, Map<String, String> files,
                             @com.fasterxml.jackson.annotation.JsonInclude(
                                     com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                             MultiScaleDefaults multiscale,
                             @com.fasterxml.jackson.annotation.JsonInclude(
                                     com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                             String engine) {

    /** The manifest format this code reads and writes. */
    public static final int FORMAT = 1;

    public BundleManifest {
        labels = labels == null ? List.of() : List.copyOf(labels);
        files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        if (normalization == null) {
            normalization = Normalization.UNIT_RANGE;
        }
    }

    /** A manifest without multiscale defaults (the form most bundles have). */
    public BundleManifest(int format, String name, String version, String architecture, String graph,
                          InputSpec input, Normalization normalization, List<String> labels,
                          DecoderSpec decoder, Map<String, String> files) {
        this(format, name, version, architecture, graph, input, normalization, labels, decoder, files, null, null);
    }

    /** A manifest without an engine default. */
    public BundleManifest(int format, String name, String version, String architecture, String graph,
                          InputSpec input, Normalization normalization, List<String> labels,
                          DecoderSpec decoder, Map<String, String> files, MultiScaleDefaults multiscale) {
        this(format, name, version, architecture, graph, input, normalization, labels, decoder, files, multiscale, null);
    }

    /** The same manifest listing {@code newFiles} instead. */
    public BundleManifest withFiles(Map<String, String> newFiles) {
        return new BundleManifest(format, name, version, architecture, graph, input, normalization, labels,
                decoder, newFiles, multiscale, engine);
    }

    /** The same manifest with these multiscale defaults (null: none). */
    public BundleManifest withMultiscale(MultiScaleDefaults defaults) {
        return new BundleManifest(format, name, version, architecture, graph, input, normalization, labels,
                decoder, files, defaults, engine);
    }

    /** The same manifest with this default engine (null: auto). */
    public BundleManifest withEngine(String defaultEngine) {
        return new BundleManifest(format, name, version, architecture, graph, input, normalization, labels,
                decoder, files, multiscale, defaultEngine);
    }
}
