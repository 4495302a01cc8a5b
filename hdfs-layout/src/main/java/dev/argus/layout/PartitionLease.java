package dev.argus.layout;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The right to write one partition: a small file under {@code <root>/_leases/} created exclusively, so
 * of two runs over the same partition exactly one proceeds and the other stops, naming the holder.
 *
 * <p>The file holds the owner (user, host, process), the job and the start time; its modification time
 * is the heartbeat, renewed by a daemon thread while the lease is held. A lease whose heartbeat is older
 * than {@link #EXPIRY} belongs to a dead run and is taken over, so a killed run blocks its partition for
 * at most that long.
 *
 * <p>Exclusive creation: HDFS's {@code create(path, overwrite=false)} is atomic in the NameNode. Hadoop's
 * local file system is not: {@code RawLocalFileSystem.create} checks {@code exists()} and then opens a
 * {@code FileOutputStream}, which truncates, so two local writers can both "create" the file. On a local
 * root the lease is therefore written to a private name and hard-linked into place ({@code link(2)} fails
 * when the name exists), which also makes it appear whole. On HDFS a taker may see a lease just created
 * and not yet closed; it reads again for a moment before calling it half written.
 */
public final class PartitionLease implements AutoCloseable {

    /** Milliseconds without a heartbeat after which a lease counts as abandoned (default 10 minutes). */
    public static final String EXPIRY = "argus.lease.expiry.ms";
    public static final long DEFAULT_EXPIRY_MS = Duration.ofMinutes(10).toMillis();

    private final ArgusLayout layout;
    private final Path partition;
    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    private PartitionLease(ArgusLayout layout, Path partition, Path file, Holder holder, long expiryMs) {
        this.layout = layout;
        this.partition = partition;
        this.file = file;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-lease-heartbeat " + partition.getName());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, expiryMs / 5);
        heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of {@code partition} for {@code job}, or throws {@link PartitionBusyException}
     * naming the live holder. An expired lease is taken over.
     */
    public static PartitionLease take(ArgusLayout layout, Path partition, String job, Configuration conf)
            throws IOException {
        long expiryMs = conf.getLong(EXPIRY, DEFAULT_EXPIRY_MS);
        Path file = layout.leaseFile(partition);
        Holder me = new Holder(owner(), job, Instant.now(), UUID.randomUUID().toString());
        FileSystem fs = layout.fileSystem();
        fs.mkdirs(file.getParent());
        if (!createExclusively(fs, file, me)) {
            Holder other = read(fs, file);
            long heartbeatAge = other == null ? Long.MAX_VALUE : System.currentTimeMillis() - other.heartbeatMillis;
            if (other != null && heartbeatAge <= expiryMs) {
                throw new PartitionBusyException(layout.relative(partition), other, heartbeatAge);
            }
            // A dead run's lease: move it aside (a rename succeeds for one taker only), then create ours.
            Path expired = new Path(file.getParent(), file.getName() + ".expired-" + me.token);
            if (!fs.rename(file, expired) || !isHolding(fs, expired, other) || !createExclusively(fs, file, me)) {
                Holder winner = read(fs, file);
                fs.delete(expired, false);
                throw new PartitionBusyException(layout.relative(partition),
                        winner == null ? other : winner, 0);
            }
            fs.delete(expired, false);
        }
        return new PartitionLease(layout, partition, file, me, expiryMs);
    }

    /** Who holds it: this run. */
    public Holder holder() {
        return holder;
    }

    /** Stops the heartbeat without releasing, as a killed run would: for tests. */
    void abandonForTest() {
        heartbeat.shutdownNow();
    }

    /** The partition this lease covers. */
    public Path partition() {
        return partition;
    }

    /** The random id of this holding; staging directories made under the lease carry it in their name. */
    public String token() {
        return holder.token;
    }

    /** A fresh staging directory tied to this lease, so a dead run's staging is found and removed. */
    public Path newStagingDir(String purpose) {
        return layout.newLeasedStagingDir(purpose, holder.token);
    }

    /** Fails unless this run still holds the lease: called before publishing. */
    public void checkHeld() throws IOException {
        Holder now = read(layout.fileSystem(), file);
        if (lost || now == null || !now.token.equals(holder.token)) {
            throw new IOException("lost the lease on " + layout.relative(partition)
                    + (now == null ? "" : " to " + now.describe()) + "; nothing was published");
        }
    }

    private void renew() {
        try {
            FileSystem fs = layout.fileSystem();
            Holder now = read(fs, file);
            if (now == null || !now.token.equals(holder.token)) {
                lost = true;
                return;
            }
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            // the next beat retries; a lease that expires meanwhile is caught by checkHeld
        }
    }

    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        Holder now = read(layout.fileSystem(), file);
        if (now != null && now.token.equals(holder.token)) {
            layout.fileSystem().delete(file, false);
        }
    }

    /** Whether what was moved aside is the expired lease seen before, not one a faster taker just made. */
    private static boolean isHolding(FileSystem fs, Path moved, Holder expected) throws IOException {
        Holder found = read(fs, moved);
        if (found != null && found.token.equals(expected.token)) {
            return true;
        }
        fs.rename(moved, new Path(moved.getParent(), moved.getName().replaceFirst("\\.expired-.*$", "")));
        return false;
    }

    private static boolean createExclusively(FileSystem fs, Path file, Holder holder) throws IOException {
        byte[] content = holder.serialize();
        java.io.File local = localFile(fs, file);
        if (local != null) {
            // Written aside and hard-linked into place: link(2) fails if the name exists, like O_EXCL,
            // and the lease appears with its content, so no taker ever reads it half written.
            java.nio.file.Path written = local.toPath().resolveSibling("." + local.getName() + "-" + holder.token);
            Files.write(written, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.createLink(local.toPath(), written);
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.delete(written);
            }
            return true;
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
        return true;
    }

    private static java.io.File localFile(FileSystem fs, Path file) {
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(file);
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return raw.pathToFile(file);
        }
        return null;
    }

    /** The holder recorded in a lease file, or null where there is none (or it vanished meanwhile). */
    static Holder read(FileSystem fs, Path file) throws IOException {
        return read(fs, file, 0);
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading a lease");
        }
    }

    private static Holder read(FileSystem fs, Path file, int attempt) throws IOException {
        try {
            FileStatus status = fs.getFileStatus(file);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = fs.open(file)) {
                in.transferTo(bytes);
            }
            Properties p = new Properties();
            p.load(new StringReader(bytes.toString(StandardCharsets.UTF_8)));
            String started = p.getProperty("started");
            String token = p.getProperty("token");
            if ((started == null || token == null) && attempt < 20
                    && System.currentTimeMillis() - status.getModificationTime() < 60_000) {
                sleepBriefly();
                return read(fs, file, attempt + 1); // being written (HDFS shows a file before its close)
            }
            if (started == null || token == null) {
                // just created and not yet written, or half written by a run killed then: its age decides
                long created = status.getModificationTime();
                return new Holder("a run", "starting up", Instant.ofEpochMilli(created), "", created);
            }
            return new Holder(p.getProperty("owner"), p.getProperty("job"), Instant.parse(started), token,
                    status.getModificationTime());
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host + " pid " + ProcessHandle.current().pid();
    }

    /** Who holds a lease: what its file says, plus its modification time (the last heartbeat). */
    public static final class Holder {
        final String owner;
        final String job;
        final Instant started;
        final String token;
        final long heartbeatMillis;

        Holder(String owner, String job, Instant started, String token) {
            this(owner, job, started, token, started.toEpochMilli());
        }

        Holder(String owner, String job, Instant started, String token, long heartbeatMillis) {
            this.owner = owner;
            this.job = job;
            this.started = started;
            this.token = token;
            this.heartbeatMillis = heartbeatMillis;
        }

        public String owner() {
            return owner;
        }

        public String job() {
            return job;
        }

        public Instant started() {
            return started;
        }

        String describe() {
            return "'" + job + "' (" + owner + ") since " + started;
        }

        byte[] serialize() {
            // Properties' own format, without its date comment line, in a fixed order a person can read.
            String text = "owner=" + escape(owner) + "\njob=" + escape(job) + "\nstarted=" + started
                    + "\ntoken=" + token + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\n", "\\n");
        }
    }

    /** Another live run holds the partition. The message is the one line a user sees. */
    public static final class PartitionBusyException extends IOException {
        private final transient Holder holder;

        PartitionBusyException(String partition, Holder holder, long heartbeatAgeMs) {
            super(partition + " is being written by " + holder.describe() + ", last heartbeat "
                    + Math.max(0, heartbeatAgeMs / 1000) + " s ago; try again when it has finished");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }
}
