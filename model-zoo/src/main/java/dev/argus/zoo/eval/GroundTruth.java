package dev.argus.zoo.eval;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The annotated objects of one image. Crowd regions ({@code iscrowd = 1} in COCO) mark areas full of
 * objects nobody boxed one by one: a detection inside one is neither right nor wrong, it is ignored.
 */
public record GroundTruth(List<Detection> objects, List<Detection> crowds) {

    public GroundTruth {
        objects = List.copyOf(objects);
        crowds = crowds == null ? List.of() : List.copyOf(crowds);
    }

    public static GroundTruth of(List<Detection> objects) {
        return new GroundTruth(objects, List.of());
    }

    /** Per image id, in the file's image order; images without annotations get an empty truth. */
    public static Map<Long, GroundTruth> byImage(CocoAnnotations coco) {
        Map<Integer, String> names = new LinkedHashMap<>();
        coco.categories().forEach(c -> names.put(c.id(), c.name()));
        Map<Long, List<Detection>> objects = new LinkedHashMap<>();
        Map<Long, List<Detection>> crowds = new LinkedHashMap<>();
        for (CocoAnnotations.ImageEntry image : coco.images()) {
            objects.put(image.id(), new ArrayList<>());
            crowds.put(image.id(), new ArrayList<>());
        }
        for (CocoAnnotations.Annotation a : coco.annotations()) {
            double[] b = a.bbox();
            if (b == null || b.length != 4) {
                throw new IllegalArgumentException("annotation " + a.id() + " of image " + a.imageId()
                        + ": bbox must be [x, y, width, height]");
            }
            if (!objects.containsKey(a.imageId())) {
                throw new IllegalArgumentException("annotation " + a.id() + " refers to image " + a.imageId()
                        + ", which is not in the file's images");
            }
            Detection box = new Detection(a.categoryId(), names.getOrDefault(a.categoryId(), String.valueOf(a.categoryId())),
                    1f, (float) b[0], (float) b[1], (float) (b[0] + b[2]), (float) (b[1] + b[3]));
            (a.isCrowd() != 0 ? crowds : objects).get(a.imageId()).add(box);
        }
        Map<Long, GroundTruth> out = new LinkedHashMap<>();
        objects.forEach((id, list) -> out.put(id, new GroundTruth(list, crowds.get(id))));
        return out;
    }
}
