package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.data.CocoAnnotations;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * The ground truth of a partition evaluation — a COCO {@code annotations.json} on any Hadoop file
 * system — streamed into the first job's second input: a sequence file of {@link ImageEvidence} keyed
 * by image file name (a marker per image, a record per box), so no task ever holds the whole truth.
 * A detections record is matched to its annotations by file name: the last segment of its
 * {@code source_uri} equals the last segment of the annotation's {@code file_name}.
 *
 * <p>The file is read twice, without building its object tree: first its categories and images (the
 * one thing kept is image id → file name, as annotations name their image by id; about 100 bytes per
 * image), then its annotations, in whatever order the file has its sections.
 */
final class TruthStream {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    /** What the truth holds, in counts, and its categories. */
    record Summary(EvaluationCategories categories, int images, long boxes) {
    }

    private TruthStream() {
    }

    static Summary write(Path truth, Configuration conf, Path out) throws IOException {
        FileSystem fs = truth.getFileSystem(conf);
        if (!fs.isFile(truth)) {
            throw new IOException("ground truth " + truth + " is not a file");
        }
        List<CocoAnnotations.Category> categories = new ArrayList<>();
        Map<Long, String> names = new HashMap<>();
        Text key = new Text();
        long boxes = 0;
        try (SequenceFile.Writer w = SequenceFile.createWriter(conf, SequenceFile.Writer.file(out),
                SequenceFile.Writer.keyClass(Text.class), SequenceFile.Writer.valueClass(ImageEvidence.class))) {
            try (InputStream in = fs.open(truth); JsonParser p = topLevel(in, truth)) {
                Set<String> seen = new HashSet<>();
                for (String field = nextField(p); field != null; field = nextField(p)) {
                    if (field.equals("categories")) {
                        for (JsonNode c : elements(p, truth, field)) {
                            categories.add(new CocoAnnotations.Category(c.path("id").asInt(), c.path("name").asText()));
                        }
                    } else if (field.equals("images")) {
                        forEach(p, truth, field, image -> {
                            String name = baseName(image.path("file_name").asText());
                            if (!seen.add(name)) {
                                throw new IOException("ground truth " + truth + ": two images are named '" + name
                                        + "'; records are matched to annotations by file name, so names must be unique");
                            }
                            names.put(image.path("id").asLong(), name);
                            key.set(name);
                            w.append(key, ImageEvidence.annotatedImage());
                        });
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (categories.isEmpty()) {
                throw new IOException("ground truth " + truth + " has no categories");
            }
            try (InputStream in = fs.open(truth); JsonParser p = topLevel(in, truth)) {
                for (String field = nextField(p); field != null; field = nextField(p)) {
                    if (!field.equals("annotations")) {
                        p.skipChildren();
                        continue;
                    }
                    long[] count = {0};
                    forEach(p, truth, field, a -> {
                        String name = names.get(a.path("image_id").asLong());
                        JsonNode b = a.path("bbox");
                        if (!b.isArray() || b.size() != 4) {
                            throw new IOException("ground truth " + truth + ": annotation " + a.path("id").asLong()
                                    + " of image " + a.path("image_id").asLong() + ": bbox must be [x, y, width, height]");
                        }
                        if (name == null) {
                            throw new IOException("ground truth " + truth + ": annotation " + a.path("id").asLong()
                                    + " refers to image " + a.path("image_id").asLong() + ", which is not in the file's images");
                        }
                        double x = b.get(0).asDouble();
                        double y = b.get(1).asDouble();
                        key.set(name);
                        w.append(key, ImageEvidence.truthBox(a.path("iscrowd").asInt() != 0, a.path("category_id").asInt(),
                                (float) x, (float) y, (float) (x + b.get(2).asDouble()), (float) (y + b.get(3).asDouble())));
                        count[0]++;
                    });
                    boxes += count[0];
                }
            }
        }
        return new Summary(new EvaluationCategories(categories), names.size(), boxes);
    }

    static String baseName(String uriOrPath) {
        String s = uriOrPath.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private interface ElementAction {
        void accept(JsonNode element) throws IOException;
    }

    private static JsonParser topLevel(InputStream in, Path truth) throws IOException {
        JsonParser p = JSON.createParser(in);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("ground truth " + truth + " is not a COCO annotation file (no top-level object)");
        }
        return p;
    }

    /** The next top-level field name, the parser on its value; null at the end of the object. */
    private static String nextField(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /** Each element of the array the parser is on, one small tree at a time. */
    private static void forEach(JsonParser p, Path truth, String field, ElementAction action) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("ground truth " + truth + ": '" + field + "' is not an array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            action.accept(p.readValueAsTree());
        }
    }

    private static List<JsonNode> elements(JsonParser p, Path truth, String field) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        forEach(p, truth, field, out::add);
        return out;
    }
}
