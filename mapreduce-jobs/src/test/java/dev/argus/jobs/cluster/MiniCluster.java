package dev.argus.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;

/**
 * A real HDFS (one NameNode, one DataNode) and a real YARN with the MapReduce framework, in this JVM,
 * sized for a 2-core machine. Containers are real child JVMs; in mini-cluster mode they inherit this
 * JVM's classpath, so the same classes a user ships in argus-job.jar run there.
 */
final class MiniCluster implements AutoCloseable {

    private final MiniDFSCluster dfs;
    private final MiniMRYarnCluster yarn;

    private MiniCluster(MiniDFSCluster dfs, MiniMRYarnCluster yarn) {
        this.dfs = dfs;
        this.yarn = yarn;
    }

    static MiniCluster start(Path baseDir) throws IOException {
        File base = baseDir.toFile();
        FileUtil.fullyDelete(base);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitClusterUp();

        Configuration y = new Configuration(conf);
        y.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
        y.set("yarn.nodemanager.local-dirs", new File(base, "nm-local").getAbsolutePath());
        y.set("yarn.nodemanager.log-dirs", new File(base, "nm-logs").getAbsolutePath());
        // A 2-core box: room for the AM and two map containers at a time.
        y.setInt("yarn.nodemanager.resource.memory-mb", 5120);
        y.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        y.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        y.setInt("yarn.app.mapreduce.am.resource.mb", 512);
        y.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m " + FAST_JVM);
        y.setInt("mapreduce.map.memory.mb", 2048);
        y.set("mapreduce.map.java.opts", "-Xmx768m " + FAST_JVM);
        y.setInt("mapreduce.reduce.memory.mb", 768);
        y.set("mapreduce.reduce.java.opts", "-Xmx512m " + FAST_JVM);
        y.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 99.5f);
        MiniMRYarnCluster yarn = new MiniMRYarnCluster("argus", 1);
        yarn.init(y);
        yarn.start();
        return new MiniCluster(dfs, yarn);
    }

    /** Short-lived child JVMs on 2 cores: C1 only and the serial collector start much faster. */
    private static final String FAST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /** A client configuration that submits to this YARN and defaults to this HDFS. */
    Configuration conf() {
        return new Configuration(yarn.getConfig());
    }

    FileSystem fileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    @Override
    public void close() {
        yarn.stop();
        dfs.shutdown();
    }
}
