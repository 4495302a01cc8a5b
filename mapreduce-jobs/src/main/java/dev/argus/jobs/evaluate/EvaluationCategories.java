package dev.argus.jobs.evaluate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argus.zoo.data.CocoAnnotations;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The ground truth's categories, which every task of an evaluation needs (labels to ids on the map
 * side, names in the metrics); small, so they travel in the job configuration as JSON.
 */
record EvaluationCategories(List<CocoAnnotations.Category> list) {

    static final String CONF_KEY = "argus.evaluate.categories";
    private static final ObjectMapper JSON = new ObjectMapper();

    EvaluationCategories {
        list = List.copyOf(list);
    }

    void writeTo(Configuration conf) throws IOException {
        conf.set(CONF_KEY, JSON.writeValueAsString(list));
    }

    static EvaluationCategories from(Configuration conf) throws IOException {
        String json = conf.get(CONF_KEY);
        if (json == null) {
            throw new IOException("job configuration lacks " + CONF_KEY + " (set by argus evaluate)");
        }
        return new EvaluationCategories(JSON.readValue(json, new TypeReference<List<CocoAnnotations.Category>>() {
        }));
    }

    /** Label name to category id: detections are matched to categories by name. */
    Map<String, Integer> idsByName() {
        Map<String, Integer> out = new LinkedHashMap<>();
        list.forEach(c -> out.put(c.name(), c.id()));
        return out;
    }

    String nameOf(int id) {
        for (CocoAnnotations.Category c : list) {
            if (c.id() == id) {
                return c.name();
            }
        }
        return String.valueOf(id);
    }
}
