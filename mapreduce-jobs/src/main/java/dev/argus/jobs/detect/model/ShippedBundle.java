package dev.argus.jobs.detect.model;

import dev.argus.jobs.detect.DetectConfig;
import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.zoo.bundle.ManifestCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * How a model bundle gets from {@code <root>/models/} into a map task's detector, the whole way:
 *
 * <pre>
 * driver: {@link #checkLoads} (fail in seconds) ─▶ {@link #ship}: distributed cache, linked ./model
 * task:   {@link #load}: the localised copy ─▶ {@link ChecksumSidecars} dropped ─▶ {@link LoadedDetectors}
 *         (once per JVM) ─▶ the configured {@link DetectorLoader} ({@link ZooDetectorLoader} by default)
 * </pre>
 */
public final class ShippedBundle {

    static final String LINK_NAME = "model";

    private ShippedBundle() {
    }

    /** Sends {@code bundleDir} to the job's tasks. */
    public static void ship(Job job, org.apache.hadoop.fs.Path bundleDir) {
        URI uri = bundleDir.toUri();
        job.addCacheFile(URI.create(uri + "#" + LINK_NAME));
        job.getConfiguration().set(DetectConfig.BUNDLE_NAME.key(), bundleDir.getName());
    }

    /**
     * Loads the bundle here before submitting, so a bundle that cannot load fails the run in seconds with
     * the loader's message rather than after every map attempt failed. In local mode the tasks run in
     * this JVM and reuse what was loaded here; for a cluster the bundle is first copied to local disk.
     */
    public static void checkLoads(FileSystem fs, org.apache.hadoop.fs.Path bundleDir, Configuration conf)
            throws IOException {
        if (fs instanceof LocalFileSystem || "file".equals(fs.getUri().getScheme())) {
            LoadedDetectors.obtain(Path.of(bundleDir.toUri()), conf);
            return;
        }
        Path local = Files.createTempDirectory("argus-model-check-");
        try {
            fs.copyToLocalFile(false, bundleDir, new org.apache.hadoop.fs.Path(local.toUri()), true);
            LoadedDetectors.obtain(local.resolve(bundleDir.getName()), conf);
        } finally {
            FileUtil.fullyDelete(local.toFile());
        }
    }

    /** In a task: the detector of the bundle shipped to it, loaded once per JVM. */
    public static LoadedDetectors.Loaded load(JobContext context) throws IOException {
        return LoadedDetectors.obtain(locate(context), context.getConfiguration());
    }

    /**
     * The task's local copy of the bundle. The localised cache files come first: on YARN that is the
     * {@code ./model} link itself, and in the LocalJobRunner it is the job's own copy, whereas a
     * {@code ./model} in the JVM's working directory could be another local job's. The link is the
     * fallback for runners that only create it.
     */
    static Path locate(JobContext context) throws IOException {
        String sourceName = context.getConfiguration().get(DetectConfig.BUNDLE_NAME.key());
        org.apache.hadoop.fs.Path[] localFiles = context.getLocalCacheFiles();
        if (localFiles != null) {
            for (org.apache.hadoop.fs.Path local : localFiles) {
                String name = local.getName();
                Path candidate = Path.of(local.toUri().getPath());
                if ((name.equals(LINK_NAME) || name.equals(sourceName)) && isBundle(candidate)) {
                    return candidate;
                }
            }
        }
        Path link = Path.of(LINK_NAME);
        if (isBundle(link)) {
            return link;
        }
        throw new ModelLoadException("the model bundle was not shipped to this task: no localised cache file named '"
                + sourceName + "' and no ./" + LINK_NAME + " in " + Path.of("").toAbsolutePath());
    }

    private static boolean isBundle(Path dir) {
        return Files.isRegularFile(dir.resolve(ManifestCodec.FILE_NAME));
    }
}
