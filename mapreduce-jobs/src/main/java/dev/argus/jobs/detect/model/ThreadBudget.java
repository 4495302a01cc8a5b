package dev.argus.jobs.detect.model;

import dev.argus.jobs.detect.DetectConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * One map task's threads, split between image decoding and the network from one budget of vcores.
 * ND4J (OpenMP) and ONNX Runtime default to one thread per core of the node, and decode threads come
 * on top: eight mappers on an eight-core node would run 64 busy threads and thrash. The budget:
 *
 * <ul>
 *   <li>on YARN, the vcores a map task asked for ({@code mapreduce.map.cpu.vcores}, default 1);
 *   <li>in local mode every task shares this JVM's cores: {@code cores / mapreduce.local.map.tasks.maximum}.
 * </ul>
 *
 * The split: decode threads as configured ({@code argus.detect.decode.threads}), else one per
 * {@value #VCORES_PER_DECODE_THREAD} vcores (at least one); the engine — ONNX Runtime's intra-op pool,
 * ND4J's and OpenMP's threads — gets the rest, where the first decode thread costs it nothing. The
 * pipeline decodes one batch ahead of the network and a native decode is a small part of an image's
 * cost (about 5 of 40-130 CPU-ms), so one decode thread runs beside a full engine pool, mostly waiting;
 * each further decode thread takes a vcore from the engine. The engine keeps at least one thread.
 * (OpenCV's own pool is one thread per JVM: each image is decoded on the thread that asked.)
 *
 * <p>The driver passes the engine's share to the task's environment as {@code OMP_NUM_THREADS} (read
 * when the native library loads); the task also sets ND4J's and ONNX Runtime's limits.
 */
public record ThreadBudget(int vcores, int decodeThreads, int engineThreads) {

    /** Decode threads per vcore of the budget when none are configured: one for every eight. */
    static final int VCORES_PER_DECODE_THREAD = 8;

    public ThreadBudget {
        if (vcores < 1 || decodeThreads < 1 || engineThreads < 1) {
            throw new IllegalArgumentException("a thread budget needs at least one vcore, decode and engine thread, got "
                    + vcores + ", " + decodeThreads + ", " + engineThreads);
        }
    }

    /** The split of {@code vcores}; {@code decodeThreads} 0: one per {@value #VCORES_PER_DECODE_THREAD} vcores. */
    public static ThreadBudget split(int vcores, int decodeThreads) {
        int decode = decodeThreads > 0 ? decodeThreads : (vcores + VCORES_PER_DECODE_THREAD - 1) / VCORES_PER_DECODE_THREAD;
        return new ThreadBudget(vcores, decode, Math.max(1, vcores - (decode - 1)));
    }

    public static ThreadBudget forMapTask(Configuration conf) {
        return split(vcores(conf), DetectConfig.DECODE_THREADS.getInt(conf));
    }

    private static int vcores(Configuration conf) {
        if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
            int parallelTasks = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
            return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelTasks);
        }
        return Math.max(1, conf.getInt(MRJobConfig.MAP_CPU_VCORES, MRJobConfig.DEFAULT_MAP_CPU_VCORES));
    }

    /**
     * Adds {@code OMP_NUM_THREADS} (the engine's threads) and {@code OMP_WAIT_POLICY=PASSIVE} to the map
     * tasks' environment, each unless the user already set it. Idle OpenMP threads that spin (the
     * default policy) cost 10-25x more CPU per image on a node whose cores other tasks share.
     */
    public void exportTo(Configuration conf) {
        String env = conf.get(MRJobConfig.MAP_ENV, "");
        if (!env.contains("OMP_NUM_THREADS=")) {
            env = (env.isBlank() ? "" : env + ",") + "OMP_NUM_THREADS=" + engineThreads;
        }
        if (!env.contains("OMP_WAIT_POLICY=")) {
            env = env + ",OMP_WAIT_POLICY=PASSIVE";
        }
        conf.set(MRJobConfig.MAP_ENV, env);
    }

    @Override
    public String toString() {
        return vcores + (vcores == 1 ? " vcore: " : " vcores: ") + decodeThreads
                + (decodeThreads == 1 ? " decode thread, " : " decode threads, ") + engineThreads
                + (engineThreads == 1 ? " engine thread" : " engine threads") + " (ONNX Runtime intra-op, ND4J/OpenMP)";
    }
}
