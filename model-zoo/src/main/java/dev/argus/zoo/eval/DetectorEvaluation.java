package dev.argus.zoo.eval;

import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.preprocess.ImageDecoder;
import dev.argus.zoo.synth.ShapeClass;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.synth.SyntheticImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Detector} over an annotated set and scores it with the {@link CocoEvaluator}. The
 * model's labels are matched to the set's categories by name, so a model whose class ids differ from
 * the file's category ids is still scored right; a model label the set does not know is an error.
 */
public final class DetectorEvaluation {

    private DetectorEvaluation() {
    }

    /** A directory with images and a COCO {@code annotations.json} (the layout {@code argus synth} writes). */
    public static CocoMetrics onDataset(Detector detector, Path dir, int batchSize) throws IOException {
        Path file = dir.resolve("annotations.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("evaluation set " + dir + ": no annotations.json");
        }
        CocoAnnotations coco = CocoAnnotations.read(file);
        Map<Long, GroundTruth> truth = GroundTruth.byImage(coco);
        int[] toCategory = categoryOfLabel(detector.labels(), coco.categories(), dir.toString());
        CocoEvaluator eval = CocoEvaluator.forCategories(coco.categories());
        List<CocoAnnotations.ImageEntry> images = coco.images();
        for (int from = 0; from < images.size(); from += batchSize) {
            List<CocoAnnotations.ImageEntry> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
            List<BufferedImage> decoded = new ArrayList<>(chunk.size());
            for (CocoAnnotations.ImageEntry e : chunk) {
                Path p = dir.resolve(e.fileName());
                decoded.add(ImageDecoder.decode(Files.readAllBytes(p), p.toString()));
            }
            List<List<Detection>> found = detector.detect(decoded);
            for (int i = 0; i < chunk.size(); i++) {
                eval.add(truth.get(chunk.get(i).id()), relabel(found.get(i), toCategory));
            }
        }
        return eval.metrics();
    }

    /** {@code count} synthetic images of {@code seed}, generated in memory (no files). */
    public static CocoMetrics onSynthetic(Detector detector, ShapesSpec spec, long seed, int count, int batchSize) {
        List<CocoAnnotations.Category> categories = new ArrayList<>();
        for (ShapeClass c : ShapeClass.values()) {
            categories.add(new CocoAnnotations.Category(c.ordinal(), c.label()));
        }
        int[] toCategory = categoryOfLabel(detector.labels(), categories, "synthetic " + spec.name());
        CocoEvaluator eval = CocoEvaluator.forCategories(categories);
        ShapesGenerator generator = new ShapesGenerator(spec);
        for (int from = 0; from < count; from += batchSize) {
            List<SyntheticImage> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batchSize); i++) {
                chunk.add(generator.generate(seed, i));
            }
            List<List<Detection>> found = detector.detect(chunk.stream().map(SyntheticImage::image).toList());
            for (int i = 0; i < chunk.size(); i++) {
                eval.add(GroundTruth.of(chunk.get(i).truth()), relabel(found.get(i), toCategory));
            }
        }
        return eval.metrics();
    }

    private static int[] categoryOfLabel(List<String> labels, List<CocoAnnotations.Category> categories, String set) {
        Map<String, Integer> byName = new HashMap<>();
        categories.forEach(c -> byName.put(c.name(), c.id()));
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = byName.get(labels.get(i));
            if (id == null) {
                throw new IllegalArgumentException("the model's label '" + labels.get(i) + "' is not a category of "
                        + set + " (its categories: " + byName.keySet() + ")");
            }
            out[i] = id;
        }
        return out;
    }

    private static List<Detection> relabel(List<Detection> found, int[] toCategory) {
        List<Detection> out = new ArrayList<>(found.size());
        for (Detection d : found) {
            out.add(new Detection(toCategory[d.classId()], d.label(), d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
        }
        return out;
    }
}
