package dev.argus.layout;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a publish in progress is doing, written before it moves anything: enough for another run to
 * finish it. Written to a temporary name and renamed, so a journal that exists is whole.
 */
record PublishJournal(Path file, Path staged, Path target, Path retired, boolean oldComplete) {

    void write(FileSystem fs) throws IOException {
        String text = "staged=" + staged + "\ntarget=" + target + "\nretired=" + retired
                + "\nold.complete=" + oldComplete + "\n";
        Path tmp = new Path(file.getParent(), "." + file.getName() + "-" + UUID.randomUUID());
        fs.mkdirs(file.getParent());
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
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
        if (p.getProperty("staged") == null || p.getProperty("target") == null || p.getProperty("retired") == null) {
            return null;
        }
        return new PublishJournal(file, new Path(p.getProperty("staged")), new Path(p.getProperty("target")),
                new Path(p.getProperty("retired")), Boolean.parseBoolean(p.getProperty("old.complete")));
    }
}
