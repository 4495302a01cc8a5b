package dev.argus.zoo.train;

import dev.argus.zoo.network.NetworkEngines;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.bundle.BundleManifest;
import dev.argus.zoo.bundle.BundleWriter;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.bundle.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writes a trained network as a {@link ModelBundle} that {@code argus detect} and {@code argus evaluate}
 * take as is: {@code model.zip} (ModelSerializer, no updater state), {@code training.json} (the config
 * and how the run went), and the checksummed {@code bundle.json} with architecture {@code dl4j-graph}.
 */
public final class TrainedBundle {

    public static final String MODEL = "model.zip";
    public static final String TRAINING = "training.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainedBundle() {
    }

    /** The input placement training used, and inference must use: letterbox onto a square, grey pad. */
    public static InputSpec inputSpec(int size) {
        return new InputSpec(size, size, InputSpec.Layout.NCHW, "RGB", InputSpec.Resize.LETTERBOX, 114f);
    }

    public static ModelBundle write(Path dir, ComputationGraph net, TrainingConfig config, List<String> labels,
                                    Map<String, Object> result) throws IOException {
        Files.createDirectories(dir);
        try (var listing = Files.list(dir)) {
            if (listing.findAny().isPresent()) {
                throw new IOException("bundle directory " + dir + " is not empty; refusing to mix bundles");
            }
        }
        DetectorArchitecture arch = config.architecture(labels.size());
        ModelSerializer.writeModel(net, dir.resolve(MODEL).toFile(), false);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("config", config);
        record.put("result", result);
        JSON.writeValue(dir.resolve(TRAINING).toFile(), record);
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, config.name(), "1", NetworkEngines.DL4J_GRAPH,
                MODEL, inputSpec(config.inputSize()), Normalization.UNIT_RANGE, labels,
                arch.decoder(config.scoreThreshold()), null);
        return BundleWriter.writeManifest(dir, manifest);
    }
}
