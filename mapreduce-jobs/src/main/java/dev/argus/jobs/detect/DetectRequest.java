package dev.argus.jobs.detect;

import dev.argus.jobs.partition.ModelChoice;
import dev.argus.zoo.Precision;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.network.Engine;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * One {@code argus detect} run, typed: what {@link DetectTool} reads from its command line and what
 * {@code argus nightly} asks for directly.
 *
 * @param root        Argus layout root (any Hadoop file system)
 * @param model       {@code name[:version]}; without a version, the newest published
 * @param gpus        {@code yarn.io/gpu} per map task; 0 requests none
 * @param engine      what runs the network; null: the bundle's default, else auto
 * @param multiScale  options laid over the bundle's multi-scale defaults
 */
public record DetectRequest(String root, LocalDate date, ModelChoice model, int batchSize, int decodeThreads,
        int topClasses, int gpus, Precision precision, Engine engine, MultiScaleOptions multiScale) {

    /** The run with every setting at its default. */
    public static DetectRequest of(String root, LocalDate date, ModelChoice model) {
        return new DetectRequest(root, date, model, DetectConfig.BATCH_SIZE.defaultInt(),
                DetectConfig.DECODE_THREADS.defaultInt(), DetectConfig.TOP_CLASSES.defaultInt(), 0, Precision.FP32,
                null, MultiScaleOptions.NONE);
    }

    /** Sets the job configuration's {@link DetectConfig} keys this request decides. */
    void applyTo(Configuration conf) {
        DetectConfig.BATCH_SIZE.set(conf, batchSize);
        DetectConfig.DECODE_THREADS.set(conf, decodeThreads);
        DetectConfig.TOP_CLASSES.set(conf, topClasses);
        DetectConfig.PRECISION.set(conf, precision.name().toLowerCase(Locale.ROOT));
        if (engine != null) {
            DetectConfig.ENGINE.set(conf, engine.cliName());
        }
        DetectConfig.setMultiScale(conf, multiScale);
        // 0 asks for none: a cluster without the yarn.io/gpu resource type refuses the key itself.
        if (gpus > 0) {
            conf.setInt(DetectConfig.GPUS, gpus);
        }
    }
}
