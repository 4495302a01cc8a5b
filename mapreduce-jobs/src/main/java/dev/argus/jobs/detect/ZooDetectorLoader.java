package dev.argus.jobs.detect;

import dev.argus.zoo.Detector;
import dev.argus.zoo.bundle.ModelBundle;
import org.apache.hadoop.conf.Configuration;

/** The default loader: the model-zoo detector the bundle describes, with ND4J held to the task's thread budget. */
public final class ZooDetectorLoader implements DetectorLoader {

    @Override
    public Detector load(ModelBundle bundle, Configuration conf) throws Exception {
        throw new ModelLoadException("model-zoo cannot open " + bundle.describe() + " as a detector yet");
    }
}
