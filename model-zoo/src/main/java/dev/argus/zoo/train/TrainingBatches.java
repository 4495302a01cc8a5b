package dev.argus.zoo.train;

import dev.argus.zoo.Detection;
import dev.argus.zoo.arch.LabelEncoder;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.bundle.Normalization;
import dev.argus.zoo.preprocess.BoxMapping;
import dev.argus.zoo.preprocess.EncodedBatch;
import dev.argus.zoo.preprocess.InputEncoder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Batch i of a run: samples i·b .. i·b+b-1 of the data, each augmented with a random stream seeded by
 * (run seed, sample index), placed on the network input exactly as inference will place it (the same
 * {@link InputEncoder}), boxes mapped along, and encoded as the head's targets. The next batch is built
 * on a background thread while the network trains on this one.
 */
final class TrainingBatches implements AutoCloseable {

    private final TrainingData data;
    private final Augmentation augmentation;
    private final InputEncoder encoder;
    private final LabelEncoder labels;
    private final int batchSize;
    private final long seed;
    private final ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "argus-train-batches");
        t.setDaemon(true);
        return t;
    });
    private Future<MultiDataSet> next;
    private long nextIteration = -1;

    TrainingBatches(TrainingData data, Augmentation augmentation, InputSpec input, LabelEncoder labels, int batchSize, long seed) {
        this.data = data;
        this.augmentation = augmentation;
        this.encoder = new InputEncoder(input, Normalization.UNIT_RANGE);
        this.labels = labels;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Batch {@code iteration}; starts building the following one. */
    MultiDataSet batch(long iteration) {
        Future<MultiDataSet> current = nextIteration == iteration ? next : prefetch.submit(() -> build(iteration));
        next = prefetch.submit(() -> build(iteration + 1));
        nextIteration = iteration + 1;
        try {
            return current.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing batch " + iteration, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare training batch " + iteration + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    MultiDataSet build(long iteration) {
        List<BufferedImage> images = new ArrayList<>(batchSize);
        List<List<Detection>> boxes = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            long index = iteration * batchSize + i;
            TrainingSample s = augmentation.apply(data.sample(index), new SplittableRandom(mix(seed, index)));
            images.add(s.image());
            boxes.add(s.boxes());
        }
        EncodedBatch encoded = encoder.encode(images);
        List<List<Detection>> onInput = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            BoxMapping m = encoded.mappings().get(i);
            List<Detection> mapped = new ArrayList<>();
            for (Detection d : boxes.get(i)) {
                mapped.add(new Detection(d.classId(), d.label(), d.score(), d.x1() * m.scaleX() + m.offsetX(),
                        d.y1() * m.scaleY() + m.offsetY(), d.x2() * m.scaleX() + m.offsetX(), d.y2() * m.scaleY() + m.offsetY()));
            }
            onInput.add(mapped);
        }
        return labels.encode(encoded.input(), onInput);
    }

    @Override
    public void close() {
        prefetch.shutdownNow();
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
