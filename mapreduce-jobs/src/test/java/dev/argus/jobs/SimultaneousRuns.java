package dev.argus.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.layout.ArgusLayout;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Two runs of a command released at the same instant, and what such a race must not leave behind. */
public final class SimultaneousRuns {

    private SimultaneousRuns() {
    }

    /** Starts both on {@code pool} (two threads at least) behind one latch; returns their exit codes, a's first. */
    public static int[] exitCodes(ExecutorService pool, Callable<Integer> a, Callable<Integer> b) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Future<Integer> first = pool.submit(() -> {
            start.await();
            return a.call();
        });
        Future<Integer> second = pool.submit(() -> {
            start.await();
            return b.call();
        });
        start.countDown();
        return new int[] {first.get(), second.get()};
    }

    /** A mixed partition showed up as a second run's directory nested inside the first's. */
    public static void assertFlat(ArgusLayout layout, Path partition) throws Exception {
        for (FileStatus f : layout.fileSystem().listStatus(partition)) {
            assertTrue(f.isFile(), "nothing nested in " + partition + ": " + f.getPath());
        }
    }
}
