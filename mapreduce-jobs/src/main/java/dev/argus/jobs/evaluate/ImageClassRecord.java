package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.Detection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the map side sends the reducer of one class about one image: the detections of that class
 * ({@code [x1, y1, x2, y2, score]}). The reducer takes the truth from the annotations itself, so images
 * the partition lacks still count their objects as missed.
 */
record ImageClassRecord(String image, List<float[]> detections) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageClassRecord of(String image, List<Detection> found) {
        List<float[]> boxes = new ArrayList<>(found.size());
        for (Detection d : found) {
            boxes.add(new float[]{d.x1(), d.y1(), d.x2(), d.y2(), d.score()});
        }
        return new ImageClassRecord(image, boxes);
    }

    List<Detection> toDetections(int classId, String label) {
        List<Detection> out = new ArrayList<>(detections.size());
        for (float[] b : detections) {
            out.add(new Detection(classId, label, b[4], b[0], b[1], b[2], b[3]));
        }
        return out;
    }

    String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    static ImageClassRecord parse(String json) throws IOException {
        return JSON.readValue(json, ImageClassRecord.class);
    }
}
