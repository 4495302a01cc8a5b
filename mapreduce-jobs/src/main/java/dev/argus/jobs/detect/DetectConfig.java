package dev.argus.jobs.detect;

import dev.argus.jobs.detect.model.DetectorLoader;
import dev.argus.jobs.detect.model.ZooDetectorLoader;
import dev.argus.zoo.Detector;
import dev.argus.zoo.multiscale.MultiScaleOptions;
import dev.argus.zoo.network.Engine;
import dev.argus.zoo.network.EngineOptions;
import dev.argus.zoo.network.OnnxRuntimeOptions;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Every {@code argus.detect.*} setting of the job configuration, with its default and what it does.
 * {@link DetectTool} sets most of them from its options; any can be given as {@code -D key=value}.
 * (The same shape as Hadoop's {@code TeraSortConfigKeys}.)
 */
public enum DetectConfig {

    BATCH_SIZE("argus.detect.batch.size", Detector.DEFAULT_BATCH_SIZE,
            "images per network call; with multi-scale inference, tiles per call"),
    DECODE_THREADS("argus.detect.decode.threads", 0,
            "image decode threads per map task; 0: from the task's thread budget (one per 8 vcores), "
                    + "each beyond the first taken from the engine's threads"),
    TOP_CLASSES("argus.detect.top.classes", 10, "classes counted by name per task and printed"),
    REDUCED_DECODE("argus.detect.decode.reduced", true,
            "decode large images at a reduced scale, no smaller than the network input"),
    NATIVE_DECODE("argus.detect.decode.native", true,
            "decode JPEGs natively (libjpeg-turbo, OpenCV) straight into the network's input tensor; false: ImageIO pictures"),
    JAVACPP_CACHE_DIR("argus.detect.javacpp.cachedir", null,
            "where JavaCPP unpacks native libraries in a task; unset: the container's own temporary directory "
                    + "(removed with it); a node-local shared directory unpacks them once per node"),
    PRECISION("argus.detect.precision", "fp32",
            "fp32 or fp16; fp16 loads only on ND4J's CUDA backend (a -Pgpu build on a GPU node)"),
    ENGINE("argus.detect.engine", null,
            "--engine as typed: auto, onnxruntime or dl4j; unset: the bundle's default, else auto"),
    TENSORRT("argus.detect.tensorrt", false,
            "true: ONNX Runtime's TensorRT provider (with --gpu 1 and the -Pgpu build); fp16 goes through it"),
    SLICE("argus.detect.slice", null, "--slice as typed; unset: the bundle's default"),
    PYRAMID("argus.detect.pyramid", null, "--pyramid as typed; unset: the bundle's default"),
    MERGE("argus.detect.merge", null, "--merge as typed; unset: the bundle's default"),
    MAX_TILES("argus.detect.max.tiles", null, "--max-tiles as typed; unset: the bundle's default"),
    CHECK_MODEL("argus.detect.check.model", true,
            "load the model in the driver first, so a bundle that cannot load fails in seconds"),
    LOADER("argus.detect.loader", ZooDetectorLoader.class.getName(),
            "the DetectorLoader class that turns the shipped bundle into a detector"),
    // Set by the driver for the tasks, not by users:
    MODEL_NAME("argus.detect.model.name", null, "the model's name, recorded with each result"),
    MODEL_VERSION("argus.detect.model.version", null, "the model's version, recorded with each result"),
    BUNDLE_NAME("argus.detect.bundle.name", null,
            "the shipped bundle directory's name, to find it among the task's cache files");

    private final String key;
    private final Object defaultValue;
    private final String description;

    DetectConfig(String key, Object defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The default as text; null when the setting has none. */
    public String defaultValue() {
        return defaultValue == null ? null : defaultValue.toString();
    }

    public int defaultInt() {
        return (Integer) defaultValue;
    }

    public String get(Configuration conf) {
        return conf.get(key, defaultValue());
    }

    public int getInt(Configuration conf) {
        return conf.getInt(key, defaultInt());
    }

    public boolean getBoolean(Configuration conf) {
        return conf.getBoolean(key, (Boolean) defaultValue);
    }

    public void set(Configuration conf, Object value) {
        conf.set(key, String.valueOf(value));
    }

    @Override
    public String toString() {
        return key;
    }

    /** The multi-scale options in {@code conf}, as the user typed them. */
    public static MultiScaleOptions multiScale(Configuration conf) {
        return new MultiScaleOptions(SLICE.get(conf), PYRAMID.get(conf), MERGE.get(conf), MAX_TILES.get(conf));
    }

    /** The YARN GPU request {@code --gpu n} sets; a task that got GPUs runs ONNX Runtime on the first it sees. */
    public static final String GPUS = "mapreduce.map.resource.yarn.io/gpu";

    /**
     * The engine options in {@code conf}, for a task with {@code threads} threads; a bad engine name is an
     * {@link IllegalArgumentException}.
     */
    public static EngineOptions engineOptions(Configuration conf, int threads) {
        String engine = ENGINE.get(conf);
        return new EngineOptions(engine == null ? null : Engine.parse(engine),
                new OnnxRuntimeOptions(threads, conf.getInt(GPUS, 0) > 0 ? 1 : 0, TENSORRT.getBoolean(conf)));
    }

    /** Puts the options given (non-null) in {@code conf}; the tasks' loader lays them over the bundle's defaults. */
    public static void setMultiScale(Configuration conf, MultiScaleOptions options) {
        setIfGiven(conf, SLICE, options.slice());
        setIfGiven(conf, PYRAMID, options.pyramid());
        setIfGiven(conf, MERGE, options.merge());
        setIfGiven(conf, MAX_TILES, options.maxTiles());
    }

    private static void setIfGiven(Configuration conf, DetectConfig setting, String value) {
        if (value != null) {
            setting.set(conf, value);
        }
    }

    public static Class<? extends DetectorLoader> loaderClass(Configuration conf) {
        return conf.getClass(LOADER.key, ZooDetectorLoader.class, DetectorLoader.class);
    }

    /** The settings a user may give with {@code -D}, for a command's usage text. */
    public static String usage() {
        StringBuilder text = new StringBuilder("Settings (-D key=value):");
        for (DetectConfig setting : values()) {
            if (setting.ordinal() < MODEL_NAME.ordinal()) {
                text.append(String.format(Locale.ROOT, "%n  %s%s%n      %s", setting.key,
                        setting.defaultValue == null ? "" : " (default " + setting.defaultValue + ")",
                        setting.description));
            }
        }
        return text.toString();
    }
}
