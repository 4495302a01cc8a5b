package dev.argus.jobs.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class ThreadBudgetTest {

    @Test
    void onYarnATaskGetsItsVcores() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "yarn");
        assertEquals(1, ThreadBudget.forMapTask(conf).threads());
        conf.setInt("mapreduce.map.cpu.vcores", 4);
        assertEquals(4, ThreadBudget.forMapTask(conf).threads());
    }

    @Test
    void inLocalModeTheCoresAreSharedByTheParallelTasks() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "local");
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, ThreadBudget.forMapTask(conf).threads());
        conf.setInt("mapreduce.local.map.tasks.maximum", cores * 2);
        assertEquals(1, ThreadBudget.forMapTask(conf).threads());
    }

    @Test
    void theBudgetReachesTheTaskEnvironmentUnlessTheUserSetOne() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.map.env", "LANG=C");
        new ThreadBudget(3).exportTo(conf);
        assertEquals("LANG=C,OMP_NUM_THREADS=3,OMP_WAIT_POLICY=PASSIVE", conf.get("mapreduce.map.env"));

        conf.set("mapreduce.map.env", "OMP_NUM_THREADS=8,OMP_WAIT_POLICY=ACTIVE");
        new ThreadBudget(3).exportTo(conf);
        assertEquals("OMP_NUM_THREADS=8,OMP_WAIT_POLICY=ACTIVE", conf.get("mapreduce.map.env"));
    }
}
