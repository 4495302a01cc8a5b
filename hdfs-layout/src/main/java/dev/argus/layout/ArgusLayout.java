package dev.argus.layout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * &lt;root&gt;/models/&lt;name&gt;/&lt;version&gt;/bundle.json                         model bundles
 * &lt;root&gt;/_staging/                                                     work in progress, never read
 * &lt;root&gt;/_schemas/*.avsc                                               the schemas Hive tables read
 * &lt;root&gt;/_hive/                                                        embedded Hive metastore (local root)
 * </pre>
 *
 * A partition is complete only when its {@code _SUCCESS} marker exists; readers must skip the others.
 * Writers never write into a partition: they fill a staging directory and {@link #publish} it. A model
 * version is published when its directory holds the bundle's manifest.
 *
 * <p>No other class builds or parses these names; a test in mapreduce-jobs scans the sources for it.
 */
public final class ArgusLayout {

    public static final String SUCCESS_MARKER = "_SUCCESS";
    /** The manifest file of a model bundle (model-zoo's bundle format names it so); its presence publishes a version. */
    public static final String MODEL_MANIFEST = "bundle.json";

    /** In every published partition: what it was built from (see {@link Lineage}). */
    public static final String LINEAGE_FILE = "_LINEAGE";
    /** The job name ingest uses for its errors partition; detect uses {@link #detectJob}. */
    public static final String INGEST_JOB = "ingest";

    // Names become single path segments (and Hive partition values), so keep them boring.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final FileSystem fs;
    private final Path root;
    private final PublishFaults faults;

    private ArgusLayout(FileSystem fs, Path root, PublishFaults faults) {
        this.fs = fs;
        this.root = root;
        this.faults = faults;
    }

    /** The layout rooted at {@code root} (any Hadoop scheme; no scheme means the default file system). */
    public static ArgusLayout at(Path root, Configuration conf) throws IOException {
        FileSystem fs = root.getFileSystem(conf);
        return new ArgusLayout(fs, fs.makeQualified(root), PublishFaults.from(conf));
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

    /** The parent of every version's detections of one model; each {@code version=} child holds one version's. */
    public Path detectionsOfModel(String model) {
        return new Path(new Path(root, "detections"), "model=" + segment("model name", model));
    }

    public Path detectionsRoot(String model, String version) {
        return new Path(detectionsOfModel(model), "version=" + segment("model version", version));
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
    public Path errorsForDate(Stage stage, LocalDate dt) {
        if (stage == null) {
            throw new IllegalArgumentException("error stage is missing");
        }
        return new Path(new Path(new Path(root, "errors"), "stage=" + stage.partitionName()), dt(dt));
    }

    public Path errors(Stage stage, LocalDate dt, String job) {
        return new Path(errorsForDate(stage, dt), "job=" + segment("job", job));
    }

    /** The parent of every version of one model's bundles. */
    public Path modelVersions(String name) {
        return new Path(new Path(root, "models"), segment("model name", name));
    }

    public Path model(String name, String version) {
        return new Path(modelVersions(name), segment("model version", version));
    }

    /** The file whose presence makes a model version published. */
    public Path modelManifest(String name, String version) {
        return new Path(model(name, version), MODEL_MANIFEST);
    }

    /** Where the {@code .avsc} files live that the Hive tables read their columns from. */
    public Path schemas() {
        return new Path(root, "_schemas");
    }

    /**
     * The embedded Hive metastore's directory for a root on the local file system (Derby needs a local
     * directory); empty for any other root.
     */
    public Optional<java.nio.file.Path> localHiveMetastore() {
        if (!"file".equals(root.toUri().getScheme())) {
            return Optional.empty();
        }
        return Optional.of(java.nio.file.Path.of(root.toUri()).resolve("_hive"));
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
    public List<Path> completeErrorPartitions(Stage stage, LocalDate dt) throws IOException {
        return completeChildren(errorsForDate(stage, dt), "job=");
    }

    /** The published versions of a model (those whose directory holds {@link #MODEL_MANIFEST}), oldest first. */
    public List<String> publishedModelVersions(String name) throws IOException {
        List<String> versions = new ArrayList<>();
        for (FileStatus child : listOrEmpty(modelVersions(name))) {
            if (child.isDirectory() && fs.exists(new Path(child.getPath(), MODEL_MANIFEST))) {
                versions.add(child.getPath().getName());
            }
        }
        versions.sort(VERSION_ORDER);
        return versions;
    }

    /** The versions of a model that have a complete detections partition for {@code dt}, oldest first. */
    public List<String> detectionVersions(String model, LocalDate dt) throws IOException {
        List<String> versions = new ArrayList<>();
        for (FileStatus child : listOrEmpty(detectionsOfModel(model))) {
            String name = child.getPath().getName();
            if (name.startsWith("version=")) {
                String version = name.substring("version=".length());
                if (isComplete(detections(model, version, dt))) {
                    versions.add(version);
                }
            }
        }
        versions.sort(VERSION_ORDER);
        return versions;
    }

    private FileStatus[] listOrEmpty(Path dir) throws IOException {
        try {
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    private List<Path> completeChildren(Path parent, String prefix) throws IOException {
        List<Path> complete = new ArrayList<>();
        for (FileStatus child : listOrEmpty(parent)) {
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
     *
     * <p>Before touching anything the publish writes a journal ({@link #publishJournal}) naming the
     * staged, target and retired directories; a run killed anywhere in between leaves the journal, and
     * the next publish of the target, {@link #recover} or {@code argus repair} finishes the publish from
     * it. The caller must hold the target's {@link PartitionLease}.
     */
    public void publish(Path staged, Path target) throws IOException {
        publish(staged, target, Lineage.builtFrom(java.util.Map.of()));
    }

    /** {@link #publish(Path, Path)}, recording in the partition what it was built from ({@link #identities}). */
    public void publish(Path staged, Path target, Lineage lineage) throws IOException {
        publishTogether(List.of(new Publication(staged, target, lineage)));
    }

    /** One staged directory to become a partition, and what it was built from. */
    public record Publication(Path staged, Path target, Lineage lineage) {
    }

    /**
     * Publishes several partitions of one run under one journal, in the order given (the partition
     * readers trust last, as detect's detections after its errors): a publish killed half way is
     * finished for all of them, so one run's partitions never end beside another run's. The journal is
     * the last target's.
     */
    public void publishTogether(List<Publication> publications) throws IOException {
        Path main = publications.get(publications.size() - 1).target();
        recover(main);
        List<PublishJournal.Entry> entries = new ArrayList<>();
        for (Publication p : publications) {
            if (!fs.getFileStatus(p.staged()).isDirectory()) {
                throw new IOException("cannot publish " + p.staged() + ": not a directory");
            }
            recover(p.target());
            fs.delete(successMarker(p.staged()), false); // a committer's marker must not arrive ahead of the data
            p.lineage().writeInto(fs, p.staged());
            entries.add(new PublishJournal.Entry(p.staged(), p.target(), newStagingDir("retired"), isComplete(p.target())));
        }
        PublishJournal journal = new PublishJournal(publishJournal(main), entries);
        journal.write(fs);
        faults.after(PublishStep.JOURNALED, 1);
        finish(journal);
    }

    /**
     * Finishes an interrupted publish whose journal is {@code target}'s (the last partition of its
     * run), if there is one: forward where the staged data survived (the new partitions are
     * published), back where it did not (the old ones are restored); where the data is in place
     * already only the marker is written ("completed"). Returns what it did, or empty.
     */
    public Optional<String> recover(Path target) throws IOException {
        Path file = publishJournal(target);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        PublishJournal journal = PublishJournal.read(fs, file);
        if (journal == null) { // killed while writing it: nothing had been moved yet
            fs.delete(file, false);
            return Optional.of("removed the unfinished publish journal of " + relative(target));
        }
        List<String> done = new ArrayList<>();
        for (PublishJournal.Entry e : journal.entries()) {
            done.add(fs.exists(e.staged()) ? "rolled forward"
                    : fs.exists(e.target()) ? "completed" : fs.exists(e.retired()) ? "rolled back" : "cleared");
        }
        finish(journal);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < done.size(); i++) {
            line.append(i == 0 ? "" : ", ").append(done.get(i)).append(" the interrupted publish of ")
                    .append(relative(journal.entries().get(i).target()));
        }
        return Optional.of(line.toString());
    }

    /** Every step is idempotent, so a publish killed at any point is finished by running this again. */
    private void finish(PublishJournal journal) throws IOException {
        for (int i = 0; i < journal.entries().size(); i++) {
            finish(journal.entries().get(i), i + 1);
        }
        fs.delete(journal.file(), false);
    }

    private void finish(PublishJournal.Entry j, int nth) throws IOException {
        Path target = j.target();
        if (fs.exists(j.staged())) {
            if (fs.exists(target)) {
                fs.delete(successMarker(target), false);
                faults.after(PublishStep.OLD_UNMARKED, nth);
                fs.mkdirs(j.retired().getParent());
                rename(target, j.retired());
                faults.after(PublishStep.OLD_RETIRED, nth);
            }
            fs.mkdirs(target.getParent());
            rename(j.staged(), target);
            faults.after(PublishStep.NEW_IN_PLACE, nth);
            markComplete(target);
        } else if (fs.exists(target)) {
            markComplete(target); // the staged data is the target already
        } else if (fs.exists(j.retired())) {
            // The new data is gone (its staging was removed by hand): put the old partition back.
            fs.mkdirs(target.getParent());
            rename(j.retired(), target);
            if (j.oldComplete()) {
                markComplete(target);
            }
        }
        faults.after(PublishStep.MARKED, nth);
        fs.delete(j.retired(), true);
        faults.after(PublishStep.RETIRED_REMOVED, nth);
    }

    private void markComplete(Path partition) throws IOException {
        if (!fs.exists(successMarker(partition))) {
            fs.create(successMarker(partition), true).close();
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    // ---- lineage ----------------------------------------------------------------------------

    /**
     * The identity now of each input (a partition or a model version directory), to be recorded by
     * {@link #publish(Path, Path, Lineage)}: take it before the job reads them.
     */
    public java.util.Map<String, String> identities(Path... inputs) throws IOException {
        java.util.Map<String, String> ids = new java.util.TreeMap<>();
        for (Path input : inputs) {
            ids.put(relative(input), identity(input));
        }
        return ids;
    }

    /** The lineage a published partition recorded, if any. */
    public Optional<Lineage> lineage(Path partition) throws IOException {
        return Lineage.readFrom(fs, partition);
    }

    /**
     * Why a complete partition no longer describes its inputs (one line naming the input that changed),
     * or empty where it is current or recorded no lineage.
     */
    public Optional<String> staleness(Path partition) throws IOException {
        Optional<Lineage> lineage = lineage(partition);
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        for (java.util.Map.Entry<String, String> source : lineage.get().sources().entrySet()) {
            String now = identity(new Path(root, source.getKey()));
            if (!now.equals(source.getValue()) && !Lineage.UNRECORDED.equals(source.getValue())) {
                return Optional.of(relative(partition) + " is stale: it was built from " + source.getKey()
                        + " " + source.getValue() + ", which is now " + now);
            }
        }
        return Optional.empty();
    }

    private String identity(Path input) throws IOException {
        Path manifest = new Path(input, MODEL_MANIFEST);
        if (fs.exists(manifest)) {
            try (java.io.InputStream in = fs.open(manifest)) {
                return "sha256:" + org.apache.commons.codec.digest.DigestUtils.sha256Hex(in);
            }
        }
        if (!isComplete(input)) {
            return "missing";
        }
        return lineage(input).map(Lineage::id).orElse(Lineage.UNRECORDED);
    }

    // ---- leases, journals and repair --------------------------------------------------------

    /** The lease file of a partition: {@code <root>/_leases/<partition path>.lease}. */
    public Path leaseFile(Path partition) {
        return new Path(new Path(root, "_leases"), relative(partition) + ".lease");
    }

    /** The journal of a publish in progress: {@code <root>/_publishing/<partition path>.publish}. */
    public Path publishJournal(Path target) {
        return new Path(new Path(root, "_publishing"), relative(target) + ".publish");
    }

    /** A partition's path below the root, e.g. {@code shards/dt=2024-05-01}: how messages name it. */
    public String relative(Path partition) {
        String base = root.toUri().getPath();
        String path = fs.makeQualified(partition).toUri().getPath();
        if (!path.startsWith(base + "/")) {
            throw new IllegalArgumentException(partition + " is not under the layout root " + root);
        }
        return path.substring(base.length() + 1);
    }

    /** A staging directory whose name carries the token of the lease its run holds. */
    Path newLeasedStagingDir(String purpose, String token) {
        return new Path(new Path(root, "_staging"), segment("staging purpose", purpose) + LEASED + token);
    }

    private static final String LEASED = "-lease-";

    /**
     * Deletes a staging directory when its run is done with it, unless a publish journal still names
     * it (a failed publish keeps what it needs to be finished later).
     */
    public void discardStaging(Path staging) throws IOException {
        String prefix = fs.makeQualified(staging).toUri().getPath();
        for (PublishJournal.Entry j : journalEntries()) {
            for (Path named : List.of(j.staged(), j.retired())) {
                String p = named.toUri().getPath();
                if (p.equals(prefix) || p.startsWith(prefix + "/")) {
                    return;
                }
            }
        }
        fs.delete(staging, true);
    }

    /**
     * {@code argus repair}: finishes every interrupted publish (of one date, or all) whose partition no
     * live run holds, then removes staging directories whose run's lease is gone or expired. Returns
     * one line per thing done or left.
     */
    public List<String> repair(Optional<LocalDate> date, Configuration conf) throws IOException {
        List<String> report = new ArrayList<>();
        for (PublishJournal j : journals()) {
            Path main = j.entries().get(j.entries().size() - 1).target();
            if (date.isPresent() && !main.toUri().getPath().contains("/" + dt(date.get()))) {
                continue;
            }
            try (PartitionLease lease = PartitionLease.take(this, main, "argus repair", conf)) {
                recover(main).ifPresent(report::add);
            } catch (PartitionLease.PartitionBusyException e) {
                report.add("left " + relative(main) + " alone: " + e.getMessage());
            }
        }
        report.addAll(removeDeadStaging(conf));
        return report;
    }

    /** Removes {@code _staging} directories of runs whose lease was released or has expired. */
    public List<String> removeDeadStaging(Configuration conf) throws IOException {
        long expiryMs = conf.getLong(PartitionLease.EXPIRY, PartitionLease.DEFAULT_EXPIRY_MS);
        java.util.Set<String> live = new java.util.HashSet<>();
        for (FileStatus lease : listRecursively(new Path(root, "_leases"))) {
            PartitionLease.Holder h = PartitionLease.read(fs, lease.getPath());
            if (h != null && System.currentTimeMillis() - h.heartbeatMillis <= expiryMs) {
                live.add(h.token);
            }
        }
        List<String> removed = new ArrayList<>();
        for (FileStatus dir : listOrEmpty(new Path(root, "_staging"))) {
            String name = dir.getPath().getName();
            int at = name.lastIndexOf(LEASED);
            if (at < 0 || live.contains(name.substring(at + LEASED.length()))) {
                continue; // not a leased run's, or its run is alive
            }
            discardStaging(dir.getPath());
            if (!fs.exists(dir.getPath())) {
                removed.add("removed the staging of a dead run: _staging/" + name);
            }
        }
        return removed;
    }

    private List<PublishJournal.Entry> journalEntries() throws IOException {
        List<PublishJournal.Entry> entries = new ArrayList<>();
        for (PublishJournal j : journals()) {
            entries.addAll(j.entries());
        }
        return entries;
    }

    private List<PublishJournal> journals() throws IOException {
        List<PublishJournal> journals = new ArrayList<>();
        for (FileStatus f : listRecursively(new Path(root, "_publishing"))) {
            if (f.getPath().getName().endsWith(".publish")) {
                PublishJournal j = PublishJournal.read(fs, f.getPath());
                if (j != null) {
                    journals.add(j);
                }
            }
        }
        return journals;
    }

    /**
     * Every file below {@code dir}. Leases and journals come and go while other runs work, so a directory
     * that vanishes while it is listed counts as empty. Plain {@code listStatus}: {@code listFiles}' located
     * statuses cost a forked {@code ls} per file on a local file system without Hadoop's native library,
     * and failed when a file went between its listing and that {@code ls}.
     */
    private List<FileStatus> listRecursively(Path dir) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        FileStatus[] entries;
        try {
            entries = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return files;
        }
        for (FileStatus entry : entries) {
            if (entry.isDirectory()) {
                files.addAll(listRecursively(entry.getPath()));
            } else {
                files.add(entry);
            }
        }
        return files;
    }

    /** Numeric versions compare as numbers (2 before 10), others as text after them. */
    private static final Comparator<String> VERSION_ORDER = (a, b) -> {
        boolean na = a.matches("\\d{1,18}");
        boolean nb = b.matches("\\d{1,18}");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };

    private static String dt(LocalDate dt) {
        if (dt == null) {
            throw new IllegalArgumentException("partition date is missing");
        }
        return "dt=" + dt;
    }

    /**
     * Refuses a name that could not be one path segment (a model name or version from the command
     * line, say), with the message {@link IllegalArgumentException} carries to the user.
     */
    public static void checkName(String what, String value) {
        segment(what, value);
    }

    private static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' must be letters, digits, '.', '_' or '-' (and start with a letter or digit)");
        }
        return value;
    }
}
