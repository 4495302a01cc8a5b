package dev.argus.jobs.detect;

import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.ModelBundle;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a verified model bundle into a running {@link Detector}. The job names its loader in
 * {@link #CONF_KEY}, so tests can put a fault-injecting detector in front of (or instead of) the real
 * one without touching the job's code.
 */
public interface DetectorLoader {

    /** A class implementing this interface with a no-argument constructor. */
    String CONF_KEY = "argus.detect.loader";

    Detector load(ModelBundle bundle, Configuration conf) throws Exception;
}
