package dev.argus.layout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every path Argus reads or writes under one root, and the rule that makes a partition visible.
 *
 * <pre>
 * &lt;root&gt;/shards/dt=YYYY-MM-DD/part-r-NNNNN.avro                          ImageRecord
 * &lt;root&gt;/detections/model=&lt;name&gt;/version=&lt;v&gt;/dt=YYYY-MM-DD/           ImageDetections
 * &lt;root&gt;/errors/stage=&lt;stage&gt;/dt=YYYY-MM-DD/job=&lt;job&gt;/                ImageError
 * &lt;root&gt;/stats/model=&lt;name&gt;/version=&lt;v&gt;/dt=YYYY-MM-DD/                per-class statistics
 * &lt;root&gt;/models/&lt;name&gt;/&lt;version&gt;/                                    model bundles
 * &lt;root&gt;/_staging/                                                     work in progress, never read
 * </pre>
 *
 * A partition is complete only when its {@code _SUCCESS} marker exists; readers must skip the others.
 * Writers never write into a partition: they fill a staging directory and {@link #publish} it.
 */
public final class ArgusLayout {

    public static final String SUCCESS_MARKER = "_SUCCESS";
    /** The job name ingest uses for its errors partition; detect uses {@link #detectJob}. */
    public static final String INGEST_JOB = "ingest";

    // Names become single path segments (and Hive partition values), so keep them boring.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final FileSystem fs;
    private final Path root;

    private ArgusLayout(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** The layout rooted at {@code root} (any Hadoop scheme; no scheme means the default file system). */
    public static ArgusLayout at(Path root, Configuration conf) throws IOException {
        FileSystem fs = root.getFileSystem(conf);
        return new ArgusLayout(fs, fs.makeQualified(root));
    }

    public static ArgusLayout at(String root, Configuration conf) throws IOException {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("layout root is empty");
        }
        return at(new Path(root), conf);
    }

    /** Parses a partition date written as YYYY-MM-DD, with an error that names the bad value. */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("date '" + text + "' is not of the form YYYY-MM-DD");
        }
    }

    /** The {@code job=} value a detect run writes its errors under. */
    public static String detectJob(String model, String version) {
        return "detect-" + segment("model name", model) + "-" + segment("model version", version);
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path root() {
        return root;
    }

    // ---- paths ------------------------------------------------------------------------------

    public Path shardsRoot() {
        return new Path(root, "shards");
    }

    public Path shards(LocalDate dt) {
        return new Path(shardsRoot(), dt(dt));
    }

    public Path detectionsRoot(String model, String version) {
        return new Path(new Path(new Path(root, "detections"), "model=" + segment("model name", model)),
                "version=" + segment("model version", version));
    }

    public Path detections(String model, String version, LocalDate dt) {
        return new Path(detectionsRoot(model, version), dt(dt));
    }

    /** Per-class statistics of one detections partition ({@code argus stats}), beside it in shape. */
    public Path stats(String model, String version, LocalDate dt) {
        return new Path(new Path(new Path(new Path(root, "stats"), "model=" + segment("model name", model)),
                "version=" + segment("model version", version)), dt(dt));
    }

    /** The parent of every job's errors for one stage and date; each {@code job=} child is a partition. */
    public Path errorsForDate(String stage, LocalDate dt) {
        return new Path(new Path(new Path(root, "errors"), "stage=" + segment("stage", stage)), dt(dt));
    }

    public Path errors(String stage, LocalDate dt, String job) {
        return new Path(errorsForDate(stage, dt), "job=" + segment("job", job));
    }

    public Path model(String name, String version) {
        return new Path(new Path(new Path(root, "models"), segment("model name", name)),
                segment("model version", version));
    }

    public Path successMarker(Path partition) {
        return new Path(partition, SUCCESS_MARKER);
    }

    /** A fresh, unique directory under {@code <root>/_staging} (hidden from Hadoop input listings by its '_'). */
    public Path newStagingDir(String purpose) {
        return new Path(new Path(root, "_staging"), segment("staging purpose", purpose) + "-" + UUID.randomUUID());
    }

    // ---- completeness -----------------------------------------------------------------------

    public boolean isComplete(Path partition) throws IOException {
        return fs.exists(successMarker(partition));
    }

    /** Dates whose shard partition is complete, oldest first. */
    public List<LocalDate> completeShardDates() throws IOException {
        List<LocalDate> dates = new ArrayList<>();
        for (Path p : completeChildren(shardsRoot(), "dt=")) {
            dates.add(parseDate(p.getName().substring("dt=".length())));
        }
        dates.sort(Comparator.naturalOrder());
        return dates;
    }

    /** Complete detection partitions of one model version, oldest date first. */
    public List<Path> completeDetectionPartitions(String model, String version) throws IOException {
        return completeChildren(detectionsRoot(model, version), "dt=");
    }

    /** Complete errors partitions (one per job) of a stage and date. */
    public List<Path> completeErrorPartitions(String stage, LocalDate dt) throws IOException {
        return completeChildren(errorsForDate(stage, dt), "job=");
    }

    private List<Path> completeChildren(Path parent, String prefix) throws IOException {
        List<Path> complete = new ArrayList<>();
        FileStatus[] children;
        try {
            children = fs.listStatus(parent);
        } catch (FileNotFoundException e) {
            return complete;
        }
        for (FileStatus child : children) {
            if (child.isDirectory() && child.getPath().getName().startsWith(prefix) && isComplete(child.getPath())) {
                complete.add(child.getPath());
            }
        }
        complete.sort(Comparator.comparing(Path::getName));
        return complete;
    }

    // ---- publishing -------------------------------------------------------------------------

    /**
     * Makes the finished contents of {@code staged} the partition {@code target}, replacing any
     * earlier one. Readers never see a mix: the old partition first loses its marker (so it reads as
     * incomplete even where a directory rename is not atomic, as on object stores), is moved aside,
     * the staged directory is renamed into place, and {@code _SUCCESS} is written last.
     */
    public void publish(Path staged, Path target) throws IOException {
        if (!fs.getFileStatus(staged).isDirectory()) {
            throw new IOException("cannot publish " + staged + ": not a directory");
        }
        fs.delete(successMarker(staged), false); // a committer's marker must not arrive ahead of the data
        fs.mkdirs(target.getParent());
        Path retired = null;
        if (fs.exists(target)) {
            fs.delete(successMarker(target), false);
            retired = newStagingDir("retired");
            fs.mkdirs(retired.getParent());
            rename(target, retired);
        }
        rename(staged, target);
        fs.create(successMarker(target), false).close();
        if (retired != null) {
            fs.delete(retired, true);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private static String dt(LocalDate dt) {
        if (dt == null) {
            throw new IllegalArgumentException("partition date is missing");
        }
        return "dt=" + dt;
    }

    private static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' must be letters, digits, '.', '_' or '-' (and start with a letter or digit)");
        }
        return value;
    }
}
