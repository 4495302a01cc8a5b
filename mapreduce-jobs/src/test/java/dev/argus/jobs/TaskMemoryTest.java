package dev.argus.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class TaskMemoryTest {

    @Test
    void derivesTheBoundsFromTheContainerAndKeepsTheUsersOwn() {
        Configuration conf = new Configuration(false);
        conf.setInt("mapreduce.map.memory.mb", 6144);
        conf.set("mapreduce.reduce.java.opts", "-Xmx900m -XX:+UseG1GC");
        conf.setInt("mapreduce.reduce.memory.mb", 3072);
        TaskMemory.bound(conf);
        assertEquals("-Xmx2048m -Dorg.bytedeco.javacpp.maxbytes=3072m -Dorg.bytedeco.javacpp.maxphysicalbytes=5529m",
                conf.get("mapreduce.map.java.opts"));
        assertEquals("-Xmx900m -XX:+UseG1GC -Dorg.bytedeco.javacpp.maxbytes=1536m "
                + "-Dorg.bytedeco.javacpp.maxphysicalbytes=2764m", conf.get("mapreduce.reduce.java.opts"));
    }
}
