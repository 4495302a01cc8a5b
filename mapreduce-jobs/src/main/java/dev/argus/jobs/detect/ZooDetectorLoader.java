package dev.argus.jobs.detect;

import dev.argus.zoo.Detector;
import dev.argus.zoo.Detectors;
import dev.argus.zoo.Precision;
import dev.argus.zoo.bundle.ModelBundle;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default loader: the model-zoo detector the bundle describes, on the engine asked for, with ND4J and
 * ONNX Runtime held to the task's thread budget.
 */
public final class ZooDetectorLoader implements DetectorLoader {

    /** fp32 (default) or fp16; fp16 only loads where ND4J runs its CUDA backend (a -Pgpu build on a GPU node). */
    public static final String PRECISION = "argus.detect.precision";

    /** {@code argus detect --slice/--pyramid/--merge/--max-tiles}, as typed; unset: the bundle's defaults. */
    public static final String SLICE = "argus.detect.slice";
    public static final String PYRAMID = "argus.detect.pyramid";
    public static final String MERGE = "argus.detect.merge";
    public static final String MAX_TILES = "argus.detect.max.tiles";

    /** {@code argus detect/evaluate --engine}: auto, onnxruntime or dl4j; unset: the bundle's default (else auto). */
    public static final String ENGINE = "argus.detect.engine";
    /** true: ONNX Runtime's TensorRT provider (with {@code --gpu 1} and the -Pgpu build); FP16 goes through it. */
    public static final String TENSORRT = "argus.detect.tensorrt";
    /** The YARN GPU request {@code --gpu n} sets; a task that got GPUs runs ONNX Runtime on the first it sees. */
    public static final String GPUS = "mapreduce.map.resource.yarn.io/gpu";

    /** The engine options in {@code conf}, for a task with {@code threads} threads. */
    public static EngineOptions engineOptions(Configuration conf, int threads) {
        String engine = conf.get(ENGINE);
        return new EngineOptions(engine == null ? null : Engine.parse(engine),
                new OnnxRuntimeOptions(threads, conf.getInt(GPUS, 0) > 0 ? 1 : 0, conf.getBoolean(TENSORRT, false)));
    }

    /** The multiscale options in {@code conf}, for the loader and for telling loaded detectors apart. */
    public static MultiScaleOptions multiScaleOptions(Configuration conf) {
        return new MultiScaleOptions(conf.get(SLICE), conf.get(PYRAMID), conf.get(MERGE), conf.get(MAX_TILES));
    }

    @Override
    public Detector load(ModelBundle bundle, Configuration conf) {
        int threads = ThreadBudget.forMapTask(conf).threads();
        // OMP_NUM_THREADS (set by the driver in the task environment) covers OpenMP; these cover ND4J's own pools
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        return Detectors.open(bundle, Precision.parse(conf.get(PRECISION, "fp32")), multiScaleOptions(conf),
                engineOptions(conf, threads));
    }
}
