package dev.argus.zoo.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.argus.zoo.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth in the COCO detection format (the plain format users already have): {@code images},
 * {@code annotations} with {@code bbox = [x, y, width, height]} in pixels, and {@code categories}.
 * Only the fields detection needs are read; everything else in a user's file is ignored.
 */
public record CocoAnnotations(List<ImageEntry> images, List<Annotation> annotations, List<Category> categories) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageEntry(long id, @JsonProperty("file_name") String fileName, int width, int height) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Annotation(long id, @JsonProperty("image_id") long imageId,
                             @JsonProperty("category_id") int categoryId, double[] bbox, double area,
                             @JsonProperty("iscrowd") int isCrowd) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Category(int id, String name) {
    }

    public static CocoAnnotations read(Path file) throws IOException {
        try {
            return JSON.readerFor(CocoAnnotations.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not a COCO annotation file: " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Ground-truth boxes per image id, as detections with score 1 and labels from the categories. */
    public Map<Long, List<Detection>> boxesByImage() {
        Map<Integer, String> names = new LinkedHashMap<>();
        categories.forEach(c -> names.put(c.id(), c.name()));
        Map<Long, List<Detection>> byImage = new LinkedHashMap<>();
        images.forEach(i -> byImage.put(i.id(), new ArrayList<>()));
        for (Annotation a : annotations) {
            double[] b = a.bbox();
            byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(new Detection(a.categoryId(),
                    names.getOrDefault(a.categoryId(), String.valueOf(a.categoryId())), 1f,
                    (float) b[0], (float) b[1], (float) (b[0] + b[2]), (float) (b[1] + b[3])));
        }
        return byImage;
    }
}
