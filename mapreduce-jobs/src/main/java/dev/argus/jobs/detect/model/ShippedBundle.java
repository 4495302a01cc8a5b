package dev.argus.jobs.detect;

import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.zoo.bundle.ManifestCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * The model bundle travels to the tasks through the distributed cache, linked as {@code ./model} in
 * each task's working directory. The driver calls {@link #ship}; a task calls {@link #locate}.
 */
final class ShippedBundle {

    static final String LINK_NAME = "model";
    /** The bundle directory's own name, to recognise it among the localised cache files. */
    static final String SOURCE_NAME_KEY = "argus.detect.bundle.name";

    private ShippedBundle() {
    }

    static void ship(Job job, org.apache.hadoop.fs.Path bundleDir) {
        URI uri = bundleDir.toUri();
        job.addCacheFile(URI.create(uri + "#" + LINK_NAME));
        job.getConfiguration().set(SOURCE_NAME_KEY, bundleDir.getName());
    }

    /**
     * The task's local copy of the bundle. The localised cache files come first: on YARN that is the
     * {@code ./model} link itself, and in the LocalJobRunner it is the job's own copy, whereas a
     * {@code ./model} in the JVM's working directory could be another local job's. The link is the
     * fallback for runners that only create it.
     */
    static Path locate(JobContext context) throws IOException {
        Configuration conf = context.getConfiguration();
        String sourceName = conf.get(SOURCE_NAME_KEY);
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
