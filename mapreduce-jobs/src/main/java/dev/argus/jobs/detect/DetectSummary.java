package dev.argus.jobs.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;

/** What one detect run did, from its counters, and the table the driver prints. */
public record DetectSummary(long imagesRead, long checkedAtIngest, long detected, long failedDecode, long failedInference,
        long detections, long modelPasses, long tasks, long modelLoads, Map<String, Long> perClass,
        long readMillis, long decodeMillis, long decodeWaitMillis, long inferenceMillis, long writeMillis,
        long wallMillis) {

    public static DetectSummary from(Counters counters, long wallMillis) {
        Map<String, Long> perClass = new LinkedHashMap<>();
        CounterGroup group = counters.getGroup(DetectCounters.CLASS_GROUP);
        group.forEach(c -> perClass.put(c.getName(), c.getValue()));
        Map<String, Long> ranked = new LinkedHashMap<>();
        perClass.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return new DetectSummary(
                value(counters, DetectCounters.IMAGES_READ),
                value(counters, DetectCounters.IMAGES_CHECKED_AT_INGEST),
                value(counters, DetectCounters.IMAGES_DETECTED),
                value(counters, DetectCounters.FAILED_DECODE),
                value(counters, DetectCounters.FAILED_INFERENCE),
                value(counters, DetectCounters.DETECTIONS),
                value(counters, DetectCounters.MODEL_PASSES),
                value(counters, DetectCounters.TASKS),
                value(counters, DetectCounters.MODEL_LOADS),
                ranked,
                value(counters, DetectCounters.READ_MILLIS),
                value(counters, DetectCounters.DECODE_MILLIS),
                value(counters, DetectCounters.DECODE_WAIT_MILLIS),
                value(counters, DetectCounters.INFERENCE_MILLIS),
                value(counters, DetectCounters.WRITE_MILLIS),
                wallMillis);
    }

    /** The nothing-lost invariant, as far as counters can tell: every image read came out once. */
    public boolean accountsForEveryImage() {
        return detected + failedDecode + failedInference == imagesRead;
    }

    public double imagesPerSecond() {
        return wallMillis == 0 ? 0 : imagesRead * 1000.0 / wallMillis;
    }

    public String toTable(int topClasses) {
        StringBuilder t = new StringBuilder();
        row(t, "images read", imagesRead);
        row(t, "  checked at ingest", checkedAtIngest);
        row(t, "detected", detected);
        row(t, "failed decode", failedDecode);
        row(t, "failed inference", failedInference);
        row(t, "detections", detections);
        perClass.entrySet().stream().limit(topClasses).forEach(e -> row(t, "  " + e.getKey(), e.getValue()));
        row(t, "model passes", modelPasses);
        row(t, "map tasks", tasks);
        row(t, "model loads", modelLoads);
        row(t, "read ms", readMillis);
        row(t, "decode ms", decodeMillis);
        row(t, "decode wait ms", decodeWaitMillis);
        row(t, "inference ms", inferenceMillis);
        row(t, "write ms", writeMillis);
        t.append(String.format(Locale.ROOT, "  %-18s %10.1f%n", "seconds", wallMillis / 1000.0));
        t.append(String.format(Locale.ROOT, "  %-18s %10.2f%n", "images/s", imagesPerSecond()));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, long value) {
        t.append(String.format(Locale.ROOT, "  %-18s %10d%n", name, value));
    }

    private static long value(Counters counters, DetectCounters counter) {
        return counters.findCounter(counter).getValue();
    }
}
