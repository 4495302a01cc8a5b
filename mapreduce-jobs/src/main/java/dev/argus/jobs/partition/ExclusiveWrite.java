package dev.argus.jobs.partition;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import dev.argus.layout.ArgusLayout;
import dev.argus.layout.PartitionLease;

/**
 * How ingest, detect and stats write their partitions: holding the partition's {@link PartitionLease}
 * for the whole run, after finishing any publish a killed run left half done there and removing dead
 * runs' staging; the work gets a staging directory tied to the lease, discarded afterwards unless a
 * failed publish still needs it.
 *
 * <p>A second run over the same partition stops here with exit code 1 and one line naming the holder.
 * An I/O failure of the work (a publish that could not finish, say) is one line and exit code 1 too: the
 * next run over the partition, or {@code argus repair}, finishes what it left.
 */
public final class ExclusiveWrite {

    /** The command's work, done holding the lease. */
    public interface Work {
        int run(PartitionLease lease, Path staging) throws Exception;
    }

    private ExclusiveWrite() {
    }

    /**
     * Runs {@code work} holding the lease of {@code partition}; {@code alsoWritten} are the other
     * partitions the run publishes (its errors partitions), covered by the same lease.
     */
    public static int run(String command, ArgusLayout layout, Configuration conf, String job, Path partition,
            List<Path> alsoWritten, String stagingPurpose, Work work) throws Exception {
        PartitionLease lease;
        try {
            lease = PartitionLease.take(layout, partition, job, conf);
        } catch (PartitionLease.PartitionBusyException e) {
            System.err.println("argus " + command + ": " + e.getMessage());
            return 1;
        }
        try (lease) {
            for (Path written : alsoWritten) {
                layout.recover(written).ifPresent(done -> System.err.println("argus " + command + ": " + done));
            }
            layout.recover(partition).ifPresent(done -> System.err.println("argus " + command + ": " + done));
            layout.removeDeadStaging(conf).forEach(done -> System.err.println("argus " + command + ": " + done));
            Path staging = lease.newStagingDir(stagingPurpose);
            try {
                return work.run(lease, staging);
            } catch (IOException e) {
                boolean halfPublished = layout.fileSystem().exists(layout.publishJournal(partition));
                System.err.println("argus " + command + ": " + e.getMessage() + (halfPublished ? " (the next run over "
                        + layout.relative(partition) + ", or argus repair, finishes this run's publish)" : ""));
                return 1;
            } finally {
                layout.discardStaging(staging);
            }
        }
    }
}
