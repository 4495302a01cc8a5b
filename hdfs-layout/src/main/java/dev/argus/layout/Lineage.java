package dev.argus.layout;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a partition was built from: the identity of each input (another partition, or a model
 * version) at the time the run read it, kept in the partition's {@code _LINEAGE} file beside
 * {@code _SUCCESS}. A partition whose inputs have a different identity now is stale.
 *
 * <p>A partition's identity is the random id its publish gave it, so a rerun of ingest gives the date
 * a new identity even over the same files; a model version's is its {@code bundle.json}'s SHA-256
 * (the manifest lists every file's checksum). Partitions published before lineage existed have none
 * and are reported as "unrecorded", never as stale.
 */
public final class Lineage {

    static final String FILE = ArgusLayout.LINEAGE_FILE;
    static final String UNRECORDED = "unrecorded";

    private final String id;
    /** Input path below the root → its identity then. */
    private final Map<String, String> sources;

    private Lineage(String id, Map<String, String> sources) {
        this.id = id;
        this.sources = sources;
    }

    /** The lineage of a new partition built from inputs whose identities were taken before the job ran. */
    public static Lineage builtFrom(Map<String, String> sources) {
        return new Lineage(UUID.randomUUID().toString(), new TreeMap<>(sources));
    }

    public String id() {
        return id;
    }

    public Map<String, String> sources() {
        return sources;
    }

    void writeInto(FileSystem fs, Path partition) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id);
        sources.forEach((source, identity) -> p.setProperty("from." + source, identity));
        StringWriter text = new StringWriter();
        p.store(text, "what this partition was built from (argus)");
        try (OutputStream out = fs.create(new Path(partition, FILE), true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    static Optional<Lineage> readFrom(FileSystem fs, Path partition) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = fs.open(new Path(partition, FILE))) {
            in.transferTo(bytes);
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(bytes.toString(StandardCharsets.UTF_8)));
        Map<String, String> sources = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("from.")) {
                sources.put(key.substring("from.".length()), p.getProperty(key));
            }
        }
        return Optional.of(new Lineage(p.getProperty("id", UNRECORDED), sources));
    }
}
