package dev.argus.zoo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A resumable training state in {@code <run>/checkpoint/}: the network with its updater state (Adam's
 * moments: without them a resumed run stumbles) and a small JSON of where the run was. Each save
 * replaces the previous one atomically, so a run killed mid-save keeps the older checkpoint.
 */
public record Checkpoint(int iteration, long trainingMillis, TrainingConfig config) {

    static final String DIR = "checkpoint";
    static final String MODEL = "model-with-updater.zip";
    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(DIR).resolve(STATE));
    }

    public static Checkpoint read(Path runDir) throws IOException {
        Path state = runDir.resolve(DIR).resolve(STATE);
        try {
            return JSON.readValue(state.toFile(), Checkpoint.class);
        } catch (IOException e) {
            throw new IOException("checkpoint " + state + " is unreadable: " + e.getMessage(), e);
        }
    }

    public ComputationGraph restoreNetwork(Path runDir) throws IOException {
        return ModelSerializer.restoreComputationGraph(runDir.resolve(DIR).resolve(MODEL).toFile(), true);
    }

    void save(Path runDir, ComputationGraph net) throws IOException {
        Path dir = runDir.resolve(DIR);
        Files.createDirectories(dir);
        Path model = dir.resolve(MODEL + ".tmp");
        ModelSerializer.writeModel(net, model.toFile(), true);
        Path state = dir.resolve(STATE + ".tmp");
        JSON.writeValue(state.toFile(), this);
        // model first: a state file never points at a model that is not there yet
        Files.move(model, dir.resolve(MODEL), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(state, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
