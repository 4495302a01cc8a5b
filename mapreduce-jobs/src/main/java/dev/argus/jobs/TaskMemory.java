package dev.argus.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * Bounds for a task JVM derived from its YARN container size ({@code mapreduce.map.memory.mb},
 * {@code mapreduce.reduce.memory.mb}): a third is Java heap, half may be JavaCPP native memory
 * ({@code org.bytedeco.javacpp.maxbytes}: ND4J and OpenCV buffers), and 90% bounds the process as
 * JavaCPP counts it ({@code maxphysicalbytes}), so a task that would outgrow its container fails with
 * JavaCPP's "Physical memory usage is too high" rather than being killed by the NodeManager.
 *
 * <p>A bound already in the task's {@code java.opts} (set with {@code -D}) is left as it is. Local mode
 * runs the tasks in the driver JVM, which {@code scripts/argus} bounds the same way.
 */
public final class TaskMemory {

    static final String HEAP = "-Xmx";
    static final String MAX_BYTES = "-Dorg.bytedeco.javacpp.maxbytes=";
    static final String MAX_PHYSICAL = "-Dorg.bytedeco.javacpp.maxphysicalbytes=";

    private TaskMemory() {
    }

    /** Adds the bounds to the map and reduce tasks' java.opts of {@code conf}. */
    public static void bound(Configuration conf) {
        bound(conf, MRJobConfig.MAP_JAVA_OPTS, conf.getInt(MRJobConfig.MAP_MEMORY_MB, MRJobConfig.DEFAULT_MAP_MEMORY_MB));
        bound(conf, MRJobConfig.REDUCE_JAVA_OPTS,
                conf.getInt(MRJobConfig.REDUCE_MEMORY_MB, MRJobConfig.DEFAULT_REDUCE_MEMORY_MB));
    }

    private static void bound(Configuration conf, String key, int containerMb) {
        String opts = conf.get(key, "").trim();
        StringBuilder added = new StringBuilder(opts);
        if (!opts.contains(HEAP)) {
            added.append(' ').append(HEAP).append(Math.max(256, containerMb / 3)).append('m');
        }
        if (!opts.contains(MAX_BYTES)) {
            added.append(' ').append(MAX_BYTES).append(containerMb / 2).append('m');
        }
        if (!opts.contains(MAX_PHYSICAL)) {
            added.append(' ').append(MAX_PHYSICAL).append(containerMb * 9 / 10).append('m');
        }
        conf.set(key, added.toString().trim());
    }
}
