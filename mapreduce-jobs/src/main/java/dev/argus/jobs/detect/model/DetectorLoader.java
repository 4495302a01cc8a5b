package dev.argus.jobs.detect.model;

import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.ModelBundle;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a verified model bundle into a running {@link Detector}. The job names its loader in
 * {@code DetectConfig.LOADER}, so tests can put a fault-injecting detector in front of (or instead of)
 * the real one without touching the job's code. Implementations need a no-argument constructor.
 */
public interface DetectorLoader {

    Detector load(ModelBundle bundle, Configuration conf) throws Exception;
}
