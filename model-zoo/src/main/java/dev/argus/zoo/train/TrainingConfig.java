package dev.argus.zoo.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.argus.zoo.arch.DetectorArchitecture;
import dev.argus.zoo.detr.DetrOptions;
import dev.argus.zoo.synth.ShapesSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything that determines a training run, so that a run can be resumed and reproduced from this
 * record alone (it is saved beside every checkpoint and inside the bundle).
 *
 * @param data            {@code synthetic:shapes:<seed>} or a directory with images and {@code annotations.json}
 * @param warmup          iterations over which the learning rate ramps linearly from 10% to full
 * @param finalLrFraction the cosine schedule ends at this fraction of the learning rate
 * @param seed            weight initialisation and augmentation
 * @param detr            the DETR head's shape (only for head DETR; null takes its defaults)
 * @param initFrom        a dl4j-graph bundle whose layers of the same name and shape start the network
 *                        (transfer learning), or null to start from random weights
 */
public record TrainingConfig(String name, DetectorArchitecture.Head head, boolean spp, boolean fpn, int inputSize,
                             int width, String data, int batchSize, int iterations, double learningRate, int warmup,
                             double finalLrFraction, Augmentation augmentation, long seed, int checkpointEvery,
                             int progressEvery, double scoreThreshold, DetrOptions detr, String initFrom) {

    public static final String SYNTHETIC_PREFIX = "synthetic:shapes:";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public TrainingConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a training run needs a name (the bundle's name)");
        }
        positive("batch size", batchSize);
        positive("iterations", iterations);
        positive("checkpoint interval", checkpointEvery);
        positive("progress interval", progressEvery);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (warmup < 0 || !(finalLrFraction >= 0 && finalLrFraction <= 1)) {
            throw new IllegalArgumentException("warm-up must be >= 0 and the final LR fraction in [0, 1]");
        }
        if (augmentation == null) {
            augmentation = Augmentation.NONE;
        }
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("no training data given");
        }
        detr = head == DetectorArchitecture.Head.DETR ? (detr == null ? DetrOptions.defaults() : detr) : null;
    }

    /** The defaults {@code argus train} starts from: shapes, YOLO with SPP and FPN, 128 px. */
    public static TrainingConfig defaults() {
        return new TrainingConfig("shapes-yolo-spp-fpn", DetectorArchitecture.Head.YOLO, true, true, 128, 16,
                SYNTHETIC_PREFIX + "1", 16, 3000, 1e-3, 100, 0.05, Augmentation.DEFAULT, 42, 100, 20, 0.05, null, null);
    }

    public DetectorArchitecture architecture(int numClasses) {
        return new DetectorArchitecture(head, spp, fpn, inputSize, width, numClasses, detr);
    }

    public TrainingData openData() throws IOException {
        if (data.startsWith(SYNTHETIC_PREFIX)) {
            long dataSeed;
            try {
                dataSeed = Long.parseLong(data.substring(SYNTHETIC_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("synthetic data must be " + SYNTHETIC_PREFIX + "<seed>, got " + data);
            }
            return new SyntheticShapes(ShapesSpec.shapes().withSize(inputSize, inputSize), dataSeed);
        }
        return CocoDataset.open(Path.of(data), seed);
    }

    public TrainingConfig withIterations(int n) {
        return new TrainingConfig(name, head, spp, fpn, inputSize, width, data, batchSize, n, learningRate, warmup,
                finalLrFraction, augmentation, seed, checkpointEvery, progressEvery, scoreThreshold, detr, initFrom);
    }

    public TrainingConfig withScoreThreshold(double threshold) {
        return new TrainingConfig(name, head, spp, fpn, inputSize, width, data, batchSize, iterations, learningRate, warmup,
                finalLrFraction, augmentation, seed, checkpointEvery, progressEvery, threshold, detr, initFrom);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the training config", e);
        }
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static TrainingConfig read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), TrainingConfig.class);
    }

    /** Warm-up then cosine decay: the learning rate for iteration {@code it} (0-based). */
    public double learningRateAt(int it) {
        if (it < warmup) {
            return learningRate * (0.1 + 0.9 * it / (double) warmup);
        }
        double progress = Math.min(1, (it - warmup) / (double) Math.max(1, iterations - warmup));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return learningRate * (finalLrFraction + (1 - finalLrFraction) * cosine);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
    }
}
