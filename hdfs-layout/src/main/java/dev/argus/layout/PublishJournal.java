package dev.argus.layout;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a publish in progress is doing, written before it moves anything: enough for another run to
 * finish it. One journal covers every partition of one run (ingest's shards and errors, detect's errors
 * and detections), so a finished publish never pairs one run's partition with another's. Written to a
 * temporary name and renamed, so a journal that exists is whole.
 */
record PublishJournal(Path file, List<Entry> entries) {

    /** One partition of the run: its staged data, its place, and where the old one is moved aside. */
    record Entry(Path staged, Path target, Path retired, boolean oldComplete) {
    }

    void write(FileSystem fs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            text.append("staged.").append(i).append('=').append(e.staged()).append('\n')
                    .append("target.").append(i).append('=').append(e.target()).append('\n')
                    .append("retired.").append(i).append('=').append(e.retired()).append('\n')
                    .append("old.complete.").append(i).append('=').append(e.oldComplete()).append('\n');
        }
        Path tmp = new Path(file.getParent(), "." + file.getName() + "-" + UUID.randomUUID());
        fs.mkdirs(file.getParent());
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, file)) {
            fs.delete(tmp, false);
            throw new IOException("could not write the publish journal " + file);
        }
    }

    /** The journal in {@code file}, or null if it is gone or unreadable. */
    static PublishJournal read(FileSystem fs, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = fs.open(file)) {
            in.transferTo(bytes);
        } catch (FileNotFoundException e) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(bytes.toString(StandardCharsets.UTF_8)));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; p.getProperty("staged." + i) != null; i++) {
            if (p.getProperty("target." + i) == null || p.getProperty("retired." + i) == null) {
                return null;
            }
            entries.add(new Entry(new Path(p.getProperty("staged." + i)), new Path(p.getProperty("target." + i)),
                    new Path(p.getProperty("retired." + i)), Boolean.parseBoolean(p.getProperty("old.complete." + i))));
        }
        return entries.isEmpty() ? null : new PublishJournal(file, entries);
    }
}
