package dev.argus.jobs.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class ThreadBudgetTest {

    @Test
    void onYarnATaskGetsItsVcores() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "yarn");
        assertEquals(1, ThreadBudget.forMapTask(conf).vcores());
        conf.setInt("mapreduce.map.cpu.vcores", 4);
        assertEquals(4, ThreadBudget.forMapTask(conf).vcores());
    }

    @Test
    void inLocalModeTheCoresAreSharedByTheParallelTasks() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "local");
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, ThreadBudget.forMapTask(conf).vcores());
        conf.setInt("mapreduce.local.map.tasks.maximum", cores * 2);
        assertEquals(1, ThreadBudget.forMapTask(conf).vcores());
    }

    @Test
    void oneDecodeThreadPerEightVcoresRunsBesideTheWholeEngineAndEachFurtherOneTakesAnEngineThread() {
        // vcores -> decode threads, engine threads
        assertSplit(1, 0, 1, 1);
        assertSplit(2, 0, 1, 2);
        assertSplit(8, 0, 1, 8);
        assertSplit(9, 0, 2, 8);
        assertSplit(16, 0, 2, 15);
        assertSplit(4, 3, 3, 2);  // configured decode threads
        assertSplit(2, 4, 4, 1);  // the engine keeps one thread whatever is asked for decoding
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "yarn");
        conf.setInt("mapreduce.map.cpu.vcores", 6);
        conf.setInt("argus.detect.decode.threads", 3);
        assertEquals(new ThreadBudget(6, 3, 4), ThreadBudget.forMapTask(conf));
        assertEquals("6 vcores: 3 decode threads, 4 engine threads (ONNX Runtime intra-op, ND4J/OpenMP)",
                ThreadBudget.forMapTask(conf).toString());
    }

    private static void assertSplit(int vcores, int configuredDecode, int decode, int engine) {
        assertEquals(new ThreadBudget(vcores, decode, engine), ThreadBudget.split(vcores, configuredDecode),
                vcores + " vcores, " + configuredDecode + " decode threads configured");
    }

    @Test
    void theEnginesShareReachesTheTaskEnvironmentUnlessTheUserSetOne() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.map.env", "LANG=C");
        ThreadBudget.split(4, 2).exportTo(conf);
        assertEquals("LANG=C,OMP_NUM_THREADS=3,OMP_WAIT_POLICY=PASSIVE", conf.get("mapreduce.map.env"));

        conf.set("mapreduce.map.env", "OMP_NUM_THREADS=8,OMP_WAIT_POLICY=ACTIVE");
        ThreadBudget.split(4, 2).exportTo(conf);
        assertEquals("OMP_NUM_THREADS=8,OMP_WAIT_POLICY=ACTIVE", conf.get("mapreduce.map.env"));
    }
}
