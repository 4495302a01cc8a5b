package dev.argus.jobs.cluster;

import dev.argus.jobs.detect.model.DetectorLoader;
import dev.argus.jobs.detect.model.ZooDetectorLoader;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.ForwardingImageBatch;
import dev.argus.zoo.ImageBatch;
import dev.argus.zoo.bundle.ModelBundle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptID;

/**
 * The real detector with a fault in the FIRST attempt of one map task, as a cluster inflicts it:
 * {@link #KILL_TASK} halts that attempt's JVM when its first batch reaches the model, after the task
 * has read its first records (a container killed mid-task);
 * {@link #SLOW_TASK} makes that attempt crawl, so the speculator starts a second attempt of it.
 * Later attempts run clean, which is what lets the job recover.
 */
public final class TaskAttemptFaults implements DetectorLoader {

    public static final String KILL_TASK = "argus.test.kill.first.attempt.of.map";
    public static final String SLOW_TASK = "argus.test.slow.first.attempt.of.map";
    public static final String SLOW_MILLIS = "argus.test.slow.millis.per.batch";
    public static final String ATTEMPT_MARK = "argus-test: detector loaded in ";
    public static final String KILL_MARK = "injected fault: halting ";

    @Override
    public Detector load(ModelBundle bundle, Configuration conf) throws Exception {
        Detector real = new ZooDetectorLoader().load(bundle, conf);
        String attemptId = conf.get("mapreduce.task.attempt.id");
        if (attemptId == null) {
            return real;
        }
        TaskAttemptID attempt = TaskAttemptID.forName(attemptId);
        // The test reads the container logs for this line to see which attempts really ran.
        System.err.println(ATTEMPT_MARK + attemptId);
        boolean firstAttempt = attempt.getId() == 0;
        int task = attempt.getTaskID().getId();
        boolean kill = firstAttempt && conf.getInt(KILL_TASK, -1) == task;
        long slowMillis = firstAttempt && conf.getInt(SLOW_TASK, -1) == task ? conf.getLong(SLOW_MILLIS, 20_000) : 0;
        if (!kill && slowMillis == 0) {
            return real;
        }
        Runnable fault = () -> {
            if (kill) {
                System.err.println(KILL_MARK + attemptId + " mid-task");
                Runtime.getRuntime().halt(137);
            }
            if (slowMillis > 0) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return new Detector() {
            @Override
            public List<List<Detection>> detect(List<BufferedImage> images) {
                fault.run();
                return real.detect(images);
            }

            /** The real detector's own (native) batches, so the faulty attempt decodes as a clean one does. */
            @Override
            public ImageBatch newBatch(int capacity, int minWidth, int minHeight) {
                ImageBatch batch = real.newBatch(capacity, minWidth, minHeight);
                return new ForwardingImageBatch(batch) {
                    @Override
                    public List<List<Detection>> detect(int[] slots) {
                        fault.run();
                        return super.detect(slots);
                    }
                };
            }

            @Override
            public List<String> labels() {
                return real.labels();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
