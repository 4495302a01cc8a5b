package dev.argus.jobs;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** A Configuration that runs jobs on the LocalJobRunner against the local file system, its scratch under a test's temp dir. */
public final class LocalHadoopConf {

    private LocalHadoopConf() {
    }

    public static Configuration in(Path tmp) {
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
        return conf;
    }
}
