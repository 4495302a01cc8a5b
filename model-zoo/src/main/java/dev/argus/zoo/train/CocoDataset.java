package dev.argus.zoo.train;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.preprocess.ImageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A user's annotated set: a directory of images plus a COCO-style {@code annotations.json}
 * ({@code images[].file_name} relative to the directory, {@code annotations[].bbox = [x, y, w, h]} in
 * pixels, {@code categories[]}). Category ids are mapped to dense class ids 0..C-1 in the order of the
 * categories list. Crowd annotations are left out of training. Each epoch visits every image once, in
 * an order shuffled by (seed, epoch).
 */
public final class CocoDataset implements TrainingData {

    public static final String ANNOTATIONS = "annotations.json";

    private final Path dir;
    private final List<CocoAnnotations.ImageEntry> images;
    private final Map<Long, List<Detection>> boxes;
    private final List<String> labels;
    private final long seed;
    private long cachedEpoch = -1;
    private List<Integer> cachedOrder;

    private CocoDataset(Path dir, List<CocoAnnotations.ImageEntry> images, Map<Long, List<Detection>> boxes,
                        List<String> labels, long seed) {
        this.dir = dir;
        this.images = images;
        this.boxes = boxes;
        this.labels = labels;
        this.seed = seed;
    }

    /** Reads {@code dir/annotations.json} and checks that every listed image file is there. */
    public static CocoDataset open(Path dir, long seed) throws IOException {
        Path file = dir.resolve(ANNOTATIONS);
        if (!Files.isRegularFile(file)) {
            throw new IOException("dataset " + dir + ": no " + ANNOTATIONS + " (expected images plus COCO-style annotations)");
        }
        CocoAnnotations coco = CocoAnnotations.read(file);
        if (coco.images() == null || coco.images().isEmpty()) {
            throw new IOException("dataset " + dir + ": " + ANNOTATIONS + " lists no images");
        }
        if (coco.categories() == null || coco.categories().isEmpty()) {
            throw new IOException("dataset " + dir + ": " + ANNOTATIONS + " lists no categories");
        }
        Map<Integer, Integer> dense = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (CocoAnnotations.Category c : coco.categories()) {
            dense.put(c.id(), labels.size());
            labels.add(c.name());
        }
        Map<Long, List<Detection>> boxes = new LinkedHashMap<>();
        for (CocoAnnotations.ImageEntry image : coco.images()) {
            if (!Files.isRegularFile(dir.resolve(image.fileName()))) {
                throw new IOException("dataset " + dir + ": image " + image.id() + " file '" + image.fileName() + "' is missing");
            }
            boxes.put(image.id(), new ArrayList<>());
        }
        for (CocoAnnotations.Annotation a : coco.annotations()) {
            Integer cls = dense.get(a.categoryId());
            if (cls == null) {
                throw new IOException("dataset " + dir + ": annotation " + a.id() + " has category " + a.categoryId()
                        + ", which is not in categories");
            }
            List<Detection> list = boxes.get(a.imageId());
            if (list == null) {
                throw new IOException("dataset " + dir + ": annotation " + a.id() + " refers to unknown image " + a.imageId());
            }
            double[] b = a.bbox();
            if (b == null || b.length != 4 || b[2] <= 0 || b[3] <= 0) {
                throw new IOException("dataset " + dir + ": annotation " + a.id() + " needs bbox [x, y, width, height] with a positive size");
            }
            if (a.isCrowd() == 0) {
                list.add(new Detection(cls, labels.get(cls), 1f, (float) b[0], (float) b[1],
                        (float) (b[0] + b[2]), (float) (b[1] + b[3])));
            }
        }
        return new CocoDataset(dir, List.copyOf(coco.images()), boxes, List.copyOf(labels), seed);
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public TrainingSample sample(long index) {
        int n = images.size();
        CocoAnnotations.ImageEntry entry = images.get(epochOrder(index / n).get((int) (index % n)));
        Path path = dir.resolve(entry.fileName());
        try {
            return new TrainingSample(ImageDecoder.decode(Files.readAllBytes(path), path.toString()), boxes.get(entry.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The visiting order of one epoch; kept for the epoch in progress, as samples come in order. */
    private synchronized List<Integer> epochOrder(long epoch) {
        if (epoch != cachedEpoch) {
            List<Integer> order = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    public int size() {
        return images.size();
    }

    @Override
    public String describe() {
        return "COCO-style dataset " + dir + " (" + images.size() + " images)";
    }
}
