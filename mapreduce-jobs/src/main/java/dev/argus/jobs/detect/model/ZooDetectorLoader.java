package dev.argus.jobs.detect.model;

import dev.argus.jobs.detect.DetectConfig;
import dev.argus.zoo.Detector;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.ModelBundle;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default loader: the model-zoo detector the bundle describes, in the configured precision, with
 * the multi-scale options laid over the bundle's defaults (tiles in calls of the job's batch size),
 * on the engine asked for, with ND4J and ONNX Runtime held to the engine's share of the task's thread budget.
 */
public final class ZooDetectorLoader implements DetectorLoader {

    @Override
    public Detector load(ModelBundle bundle, Configuration conf) {
        int threads = ThreadBudget.forMapTask(conf).engineThreads();
        // OMP_NUM_THREADS (set by the driver in the task environment) covers OpenMP, which is read once when
        // the native library loads: in local mode the launching shell's value holds (ND4J M2.1's setMaxThreads
        // is a no-op: maxThreads() stays at the core count); this covers ND4J's own pool
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        return Detectors.open(bundle, Precision.parse(DetectConfig.PRECISION.get(conf)), DetectConfig.multiScale(conf),
                DetectConfig.BATCH_SIZE.getInt(conf), DetectConfig.engineOptions(conf, threads));
    }
}
