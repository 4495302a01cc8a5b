package dev.argus.jobs.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;

/** What one ingest run did, from the job's counters, and the table the driver prints. */
public record IngestSummary(long inputFiles, long packed, long duplicates, long errors,
        Map<String, Long> errorsByReason, long bytesRead, long packedBytes, long wallMillis) {

    static IngestSummary from(Counters counters, long wallMillis) {
        Map<String, Long> reasons = new TreeMap<>();
        CounterGroup group = counters.getGroup(IngestCounters.ERROR_REASONS);
        group.forEach(c -> reasons.put(c.getName(), c.getValue()));
        return new IngestSummary(
                counters.findCounter(IngestCounters.INPUT_FILES).getValue(),
                counters.findCounter(IngestCounters.PACKED).getValue(),
                counters.findCounter(IngestCounters.DUPLICATES).getValue(),
                counters.findCounter(IngestCounters.ERRORS).getValue(),
                reasons,
                counters.findCounter(IngestCounters.BYTES_READ).getValue(),
                counters.findCounter(IngestCounters.PACKED_BYTES).getValue(),
                wallMillis);
    }

    /** True when every input file is accounted for exactly once. */
    public boolean accountsForEveryInput() {
        return packed + duplicates + errors == inputFiles;
    }

    public double megabytesRead() {
        return bytesRead / (1024.0 * 1024.0);
    }

    public double megabytesPerSecond() {
        return wallMillis == 0 ? 0 : megabytesRead() / (wallMillis / 1000.0);
    }

    public String toTable() {
        StringBuilder t = new StringBuilder();
        row(t, "input files", Long.toString(inputFiles));
        row(t, "packed", Long.toString(packed));
        row(t, "duplicates", Long.toString(duplicates));
        row(t, "errors", Long.toString(errors));
        errorsByReason.forEach((reason, n) -> row(t, "  " + reason, Long.toString(n)));
        row(t, "MB in", String.format(Locale.ROOT, "%.1f", megabytesRead()));
        row(t, "seconds", String.format(Locale.ROOT, "%.1f", wallMillis / 1000.0));
        row(t, "MB/s", String.format(Locale.ROOT, "%.1f", megabytesPerSecond()));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, String value) {
        t.append(String.format(Locale.ROOT, "  %-18s %10s%n", name, value));
    }
}
