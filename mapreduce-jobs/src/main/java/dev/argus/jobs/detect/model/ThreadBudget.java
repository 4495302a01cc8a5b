package dev.argus.jobs.detect.model;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * How many threads one map task may give the model. ND4J (OpenMP) defaults to one thread per core of
 * the node, so eight mappers on an eight-core node would run 64 busy threads and thrash. The rule:
 *
 * <ul>
 *   <li>on YARN, a map task gets the vcores it asked for ({@code mapreduce.map.cpu.vcores}, default 1);
 *   <li>in local mode every task shares this JVM's cores, so a task gets
 *       {@code cores / mapreduce.local.map.tasks.maximum}.
 * </ul>
 *
 * The driver passes the number to the task's environment as {@code OMP_NUM_THREADS} (read when the
 * native library loads) and the task also sets ND4J's own limit, for backends that ignore the variable.
 */
public record ThreadBudget(int threads) {

    public static ThreadBudget forMapTask(Configuration conf) {
        if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
            int parallelTasks = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
            return new ThreadBudget(Math.max(1, Runtime.getRuntime().availableProcessors() / parallelTasks));
        }
        return new ThreadBudget(Math.max(1, conf.getInt(MRJobConfig.MAP_CPU_VCORES, MRJobConfig.DEFAULT_MAP_CPU_VCORES)));
    }

    /**
     * Adds {@code OMP_NUM_THREADS} and {@code OMP_WAIT_POLICY=PASSIVE} to the map tasks' environment,
     * each unless the user already set it. Idle OpenMP threads that spin (the default policy) cost
     * 10-25x more CPU per image on a node whose cores other tasks share.
     */
    public void exportTo(Configuration conf) {
        String env = conf.get(MRJobConfig.MAP_ENV, "");
        if (!env.contains("OMP_NUM_THREADS=")) {
            env = (env.isBlank() ? "" : env + ",") + "OMP_NUM_THREADS=" + threads;
        }
        if (!env.contains("OMP_WAIT_POLICY=")) {
            env = env + ",OMP_WAIT_POLICY=PASSIVE";
        }
        conf.set(MRJobConfig.MAP_ENV, env);
    }
}
