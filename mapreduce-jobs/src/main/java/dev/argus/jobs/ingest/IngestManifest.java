package dev.argus.jobs.ingest;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Turns the user's input (a directory tree, or a listing file of URIs) into the manifest the mappers
 * split between them: one fully qualified URI per line, with its attributes. The sizes summed on the
 * way decide how many map and reduce tasks the job gets.
 */
final class IngestManifest {

    record Totals(long files, long bytes) {
    }

    private IngestManifest() {
    }

    static Totals write(Path input, Map<String, String> attributes, Path manifest, Configuration conf)
            throws IOException {
        FileSystem inputFs = input.getFileSystem(conf);
        FileStatus status;
        try {
            status = inputFs.getFileStatus(input);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("input " + input + " does not exist");
        }
        FileSystem manifestFs = manifest.getFileSystem(conf);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(manifestFs.create(manifest, false),
                StandardCharsets.UTF_8))) {
            return status.isDirectory()
                    ? fromDirectory(inputFs, status.getPath(), attributes, out)
                    : fromListing(inputFs, status.getPath(), attributes, out, conf);
        }
    }

    /**
     * Every file under the tree is an input; nothing is skipped, so nothing is lost unseen. Directories
     * are listed one by one with plain {@link FileStatus}es, not with {@code listFiles}: its
     * {@code LocatedFileStatus} costs block locations per file on HDFS and, on the local file system
     * without Hadoop's native library, a forked {@code ls -ld} per file for the permissions (224 s of a
     * 400 s ingest of 10,000 images), where the manifest needs only each file's path and length.
     */
    private static Totals fromDirectory(FileSystem fs, Path dir, Map<String, String> attributes, Writer out)
            throws IOException {
        long files = 0;
        long bytes = 0;
        Deque<RemoteIterator<FileStatus>> open = new ArrayDeque<>();
        open.push(fs.listStatusIterator(dir));
        while (!open.isEmpty()) {
            if (!open.peek().hasNext()) {
                open.pop();
                continue;
            }
            FileStatus entry = open.peek().next();
            if (entry.isDirectory()) {
                open.push(fs.listStatusIterator(entry.getPath())); // depth first, as listFiles walks
                continue;
            }
            out.write(new ManifestEntry(entry.getPath().toString(), attributes).format());
            out.write('\n');
            files++;
            bytes += entry.getLen();
        }
        return new Totals(files, bytes);
    }

    /**
     * One URI per line, optional tab-separated key=value attributes after it; blank lines and '#'
     * comments are ignored; relative paths are relative to the listing's directory. URIs that do not
     * exist are kept: the mapper turns them into error records.
     */
    private static Totals fromListing(FileSystem fs, Path listing, Map<String, String> attributes, Writer out,
            Configuration conf) throws IOException {
        long files = 0;
        long bytes = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(listing), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (ManifestEntry.isIgnorable(line)) {
                    continue;
                }
                ManifestEntry entry;
                Path path;
                try {
                    entry = ManifestEntry.parse(line).withDefaults(attributes);
                    path = new Path(entry.uri());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("listing " + listing + " line " + number + ": " + e.getMessage());
                }
                if (path.toUri().getScheme() == null && !path.isUriPathAbsolute()) {
                    path = new Path(listing.getParent(), path); // relative to the listing, not to wherever the driver runs
                }
                FileSystem entryFs = path.getFileSystem(conf);
                path = entryFs.makeQualified(path);
                out.write(new ManifestEntry(path.toString(), entry.attributes()).format());
                out.write('\n');
                files++;
                bytes += sizeOrZero(entryFs, path);
            }
        }
        return new Totals(files, bytes);
    }

    // Costs one metadata call per listed file (a directory listing gets sizes for free).
    private static long sizeOrZero(FileSystem fs, Path path) {
        try {
            FileStatus s = fs.getFileStatus(path);
            return s.isFile() ? s.getLen() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
