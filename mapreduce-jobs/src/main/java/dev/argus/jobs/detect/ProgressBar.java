package dev.argus.jobs.detect;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Waits for a submitted job. On a terminal it redraws one line with the map progress and the images
 * done so far; otherwise (logs, CI) it prints a line only every 10% so the output stays readable.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    /** Blocks until the job completes; returns whether it succeeded. */
    static boolean follow(Job job, PrintStream out) throws IOException, InterruptedException {
        boolean terminal = System.console() != null;
        int lastDecile = -1;
        while (!job.isComplete()) {
            // short polls: a local job's end is noticed at once (Job.waitForCompletion polls every 5 s)
            Thread.sleep(250);
            float progress = job.mapProgress();
            long images = imagesRead(job);
            if (terminal) {
                int filled = Math.round(progress * WIDTH);
                out.printf(Locale.ROOT, "\r  [%s%s] %3.0f%%  %d images", "#".repeat(filled), " ".repeat(WIDTH - filled),
                        progress * 100, images);
                out.flush();
            } else if ((int) (progress * 10) > lastDecile) {
                lastDecile = (int) (progress * 10);
                out.printf(Locale.ROOT, "  map %3.0f%%, %d images%n", progress * 100, images);
            }
        }
        if (terminal) {
            out.println();
        }
        return job.isSuccessful();
    }

    private static long imagesRead(Job job) {
        try {
            Counters counters = job.getCounters();
            if (counters == null) {
                return 0;
            }
            Counter c = counters.findCounter(DetectCounters.IMAGES_READ);
            return c.getValue();
        } catch (IOException | RuntimeException e) {
            return 0; // counters are best effort while the job runs
        }
    }
}
