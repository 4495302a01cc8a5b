package dev.argus.jobs.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One input file and the attributes that travel with it: a line of a listing file, and of the
 * manifest the driver hands to the mappers. The format is {@code <uri>[\t<key>=<value>]...}.
 */
public record ManifestEntry(String uri, Map<String, String> attributes) {

    public ManifestEntry {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("empty uri");
        }
        if (uri.contains("\t") || uri.contains("\n")) {
            throw new IllegalArgumentException("uri '" + uri + "' contains a tab or a line break");
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            checkAttribute(a.getKey(), a.getValue());
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** True for the lines a listing file may have that name no input: blank ones and {@code #} comments. */
    public static boolean isIgnorable(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    /** Parses a listing or manifest line; the message of a failure names what is wrong with it. */
    public static ManifestEntry parse(String line) {
        String[] fields = line.strip().split("\t");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].strip();
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("attribute '" + field + "' is not key=value");
            }
            attributes.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return new ManifestEntry(fields[0].strip(), attributes);
    }

    /** Parses a {@code key=value} given on the command line. */
    public static Map.Entry<String, String> parseAttribute(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("attribute '" + keyValue + "' is not key=value");
        }
        String key = keyValue.substring(0, eq);
        String value = keyValue.substring(eq + 1);
        checkAttribute(key, value);
        return Map.entry(key, value);
    }

    public ManifestEntry withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(attributes);
        return new ManifestEntry(uri, merged);
    }

    public String format() {
        StringBuilder line = new StringBuilder(uri);
        attributes.forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
        return line.toString();
    }

    private static void checkAttribute(String key, String value) {
        if (key.isEmpty() || key.contains("=") || (key + value).contains("\t") || (key + value).contains("\n")) {
            throw new IllegalArgumentException("attribute '" + key + "=" + value
                    + "' needs a non-empty key without '=' and no tab or line break");
        }
    }
}
