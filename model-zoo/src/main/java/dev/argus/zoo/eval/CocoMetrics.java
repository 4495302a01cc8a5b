package dev.argus.zoo.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The COCO summary metrics (see {@link CocoEvaluator}). A metric with nothing to average over — e.g.
 * AP_large on a set without large objects — is NaN, printed "n/a".
 *
 * @param ap     AP at IoU .50:.05:.95, the COCO headline number
 * @param ar100  recall at up to 100 detections per image, averaged over thresholds and classes
 */
public record CocoMetrics(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                          double ar100, List<ClassAp> perClass, int images, long objects, long detections) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One class's AP; NaN when the set has no object of the class (it then counts in no mean). */
    public record ClassAp(int classId, String name, long objects, double ap, double ap50) {
    }

    public CocoMetrics {
        perClass = List.copyOf(perClass);
    }

    /**
     * The metrics of a whole set from per-class evaluations of it (each from a {@link CocoEvaluator} over
     * one category and every image): each summary is the mean over the classes where it is defined,
     * which is how pycocotools averages, since every class contributes the same number of threshold and
     * recall points. Lets the classes be evaluated apart, e.g. one per reducer.
     */
    public static CocoMetrics combine(List<CocoMetrics> perClassMetrics) {
        List<ClassAp> classes = new java.util.ArrayList<>();
        long objects = 0;
        long detections = 0;
        int images = 0;
        for (CocoMetrics m : perClassMetrics) {
            classes.addAll(m.perClass());
            objects += m.objects();
            detections += m.detections();
            images = Math.max(images, m.images());
        }
        return new CocoMetrics(mean(perClassMetrics, CocoMetrics::ap), mean(perClassMetrics, CocoMetrics::ap50),
                mean(perClassMetrics, CocoMetrics::ap75), mean(perClassMetrics, CocoMetrics::apSmall),
                mean(perClassMetrics, CocoMetrics::apMedium), mean(perClassMetrics, CocoMetrics::apLarge),
                mean(perClassMetrics, CocoMetrics::ar100), classes, images, objects, detections);
    }

    /** These metrics over {@code images} images (per-class evaluations that saw only some of them say fewer). */
    public CocoMetrics withImages(int images) {
        return new CocoMetrics(ap, ap50, ap75, apSmall, apMedium, apLarge, ar100, perClass, images, objects, detections);
    }

    private static double mean(List<CocoMetrics> all, java.util.function.ToDoubleFunction<CocoMetrics> metric) {
        double sum = 0;
        int n = 0;
        for (CocoMetrics m : all) {
            double v = metric.applyAsDouble(m);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** A human-readable report: the summary lines, then one line per class. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "images %d, objects %d, detections %d%n", images, objects, detections));
        line(s, "AP @[IoU=0.50:0.95 | area=all]", ap);
        line(s, "AP @[IoU=0.50      | area=all]", ap50);
        line(s, "AP @[IoU=0.75      | area=all]", ap75);
        line(s, "AP @[IoU=0.50:0.95 | area=small]", apSmall);
        line(s, "AP @[IoU=0.50:0.95 | area=medium]", apMedium);
        line(s, "AP @[IoU=0.50:0.95 | area=large]", apLarge);
        line(s, "AR @[IoU=0.50:0.95 | maxDets=100]", ar100);
        s.append(String.format(Locale.ROOT, "%-20s %8s %7s %7s%n", "class", "objects", "AP", "AP50"));
        for (ClassAp c : perClass) {
            s.append(String.format(Locale.ROOT, "%-20s %8d %7s %7s%n", c.name(), c.objects(), format(c.ap()), format(c.ap50())));
        }
        return s.toString();
    }

    public void writeJson(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }

    public static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void line(StringBuilder s, String name, double v) {
        s.append(String.format(Locale.ROOT, "%-36s = %s%n", name, format(v)));
    }
}
