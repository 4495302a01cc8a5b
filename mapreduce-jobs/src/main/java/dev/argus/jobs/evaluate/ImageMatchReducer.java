package dev.argus.jobs.evaluate;

import dev.argus.zoo.Detection;
import dev.argus.zoo.eval.CocoEvaluator;
import dev.argus.zoo.eval.GroundTruth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * First job, one image: its truth boxes and its detections meet here and are matched as COCO matches
 * one image (pycocotools' evaluateImg, {@link CocoEvaluator#matchImage}); out go, per category, the
 * truth boxes that count and each detection's match flags under a {@link RankedMatchKey}, for the
 * second job to rank. A record of an image the truth does not annotate is counted and left out.
 */
public class ImageMatchReducer extends Reducer<Text, ImageEvidence, RankedMatchKey, AreaValues> {

    /** Counters of a partition evaluation. */
    public enum Counters { IMAGES_MATCHED, IMAGES_NOT_ANNOTATED, DUPLICATE_RECORDS }

    private final RankedMatchKey key = new RankedMatchKey();
    private final AreaValues values = new AreaValues();

    @Override
    protected void reduce(Text image, Iterable<ImageEvidence> evidence, Context context)
            throws IOException, InterruptedException {
        boolean annotated = false;
        List<Detection> objects = new ArrayList<>();
        List<Detection> crowds = new ArrayList<>();
        List<Detection> found = null;
        int records = 0;
        for (ImageEvidence e : evidence) {
            switch (e.kind()) {
                case ANNOTATED_IMAGE -> annotated = true;
                case OBJECT, CROWD -> (e.kind() == ImageEvidence.Kind.CROWD ? crowds : objects).add(
                        new Detection(e.category(0), "", 1f, e.value(0, 0), e.value(0, 1), e.value(0, 2), e.value(0, 3)));
                case DETECTIONS -> {
                    records++;
                    if (found == null) { // a second record of the same image is a duplicate: the first counts
                        found = new ArrayList<>(e.size());
                        for (int i = 0; i < e.size(); i++) {
                            found.add(new Detection(e.category(i), "", e.value(i, 4),
                                    e.value(i, 0), e.value(i, 1), e.value(i, 2), e.value(i, 3)));
                        }
                    }
                }
            }
        }
        if (records > 1) {
            context.getCounter(Counters.DUPLICATE_RECORDS).increment(records - 1);
        }
        if (!annotated) {
            context.getCounter(Counters.IMAGES_NOT_ANNOTATED).increment(records);
            return;
        }
        context.getCounter(Counters.IMAGES_MATCHED).increment(records);
        if (found == null) {
            found = List.of(); // in the truth, not in the partition: its objects are missed
        }
        GroundTruth truth = new GroundTruth(objects, crowds);
        TreeSet<Integer> categories = new TreeSet<>();
        objects.forEach(d -> categories.add(d.classId()));
        crowds.forEach(d -> categories.add(d.classId()));
        found.forEach(d -> categories.add(d.classId()));
        String name = image.toString();
        int areas = CocoEvaluator.AreaRange.values().length;
        for (int category : categories) {
            CocoEvaluator.ImageMatches m = CocoEvaluator.matchImage(category, truth, found);
            boolean counts = false;
            for (int a = 0; a < areas; a++) {
                values.set(a, m.counted()[a]);
                counts |= m.counted()[a] > 0;
            }
            if (counts) {
                context.write(key.truthCount(category, name), values);
            }
            for (int d = 0; d < m.scores().length; d++) {
                for (int a = 0; a < areas; a++) {
                    values.set(a, m.flags()[a][d]);
                }
                context.write(key.detection(category, m.scores()[d], name, d), values);
            }
        }
    }
}
