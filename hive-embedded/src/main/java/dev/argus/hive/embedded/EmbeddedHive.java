package dev.argus.hive.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.ql.DriverFactory;
import org.apache.hadoop.hive.ql.IDriver;
import org.apache.hadoop.hive.ql.processors.CommandProcessor;
import org.apache.hadoop.hive.ql.processors.CommandProcessorException;
import org.apache.hadoop.hive.ql.processors.CommandProcessorFactory;
import org.apache.hadoop.hive.ql.session.SessionState;

/**
 * A real Hive 4 inside this JVM: an embedded metastore on Derby and MapReduce through the
 * LocalJobRunner, everything under one directory. Statements run as the Hive CLI runs them
 * ({@code SET}, {@code ADD JAR} through Hive's command processors, the rest through the Driver,
 * with {@code ${hivevar:...}} substituted by Hive).
 *
 * <p>Starting one costs 20-60 s, so start one per test class. Hive keeps JVM-wide state (the
 * hive-site location, a per-thread session), so never run two at once.
 */
public final class EmbeddedHive implements AutoCloseable {

    private final SessionState session;
    private final HiveConf conf;

    private EmbeddedHive(SessionState session, HiveConf conf) {
        this.session = session;
        this.conf = conf;
    }

    /** Starts a Hive whose metastore, warehouse and scratch space live under {@code base}. */
    public static EmbeddedHive start(Path base) throws IOException {
        Path home = base.toAbsolutePath();
        Files.createDirectories(home);
        Map<String, String> settings = settings(home.toString());
        System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
        // Hive builds fresh HiveConf/MetastoreConf objects internally (the metastore's background
        // threads among them); only a hive-site.xml reaches those, conf.set() does not.
        Path site = home.resolve("hive-site.xml");
        Files.writeString(site, toSiteXml(settings));
        HiveConf.setHiveSiteLocation(site.toUri().toURL());
        MetastoreConf.setHiveSiteLocation(site.toUri().toURL());

        HiveConf conf = new HiveConf();
        settings.forEach(conf::set);
        SessionState session = SessionState.start(new SessionState(conf, System.getProperty("user.name")));
        // no "Launching Job 1 out of 2 ..." progress on stdout; errors still go to the log
        session.setIsSilent(true);
        return new EmbeddedHive(session, conf);
    }

    private static Map<String, String> settings(String home) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hive.metastore.uris", "");
        p.put("metastore.thrift.uris", "");
        p.put("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + home + "/metastore_db;create=true");
        p.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        p.put("hive.metastore.schema.verification", "false");
        p.put("metastore.schema.verification", "false");
        p.put("datanucleus.schema.autoCreateAll", "true");
        p.put("hive.metastore.warehouse.dir", "file://" + home + "/warehouse");
        p.put("metastore.warehouse.dir", "file://" + home + "/warehouse");
        p.put("hive.metastore.warehouse.external.dir", "file://" + home + "/external");
        p.put("metastore.warehouse.external.dir", "file://" + home + "/external");
        p.put("fs.defaultFS", "file:///");
        // Hive 4 defaults to Tez; MapReduce in-process is what runs here
        p.put("hive.execution.engine", "mr");
        p.put("mapreduce.framework.name", "local");
        p.put("hive.exec.submitviachild", "false");
        p.put("hive.exec.submit.local.task.via.child", "false");
        p.put("hive.exec.scratchdir", home + "/scratch");
        p.put("hive.exec.local.scratchdir", home + "/localscratch");
        p.put("hive.downloaded.resources.dir", home + "/resources");
        p.put("hive.querylog.location", home + "/querylog");
        p.put("mapreduce.cluster.local.dir", home + "/mrlocal");
        p.put("hadoop.tmp.dir", home + "/hadoop-tmp");
        // the LocalJobRunner would stage under /tmp/hadoop/mapred/staging
        p.put("mapreduce.jobtracker.staging.root.dir", home + "/staging");
        p.put("hive.support.concurrency", "false");
        p.put("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
        p.put("hive.create.as.insert.only", "false");
        p.put("metastore.create.as.acid", "false");
        p.put("hive.strict.managed.tables", "false");
        p.put("hive.stats.autogather", "false");
        p.put("hive.stats.column.autogather", "false");
        p.put("hive.query.results.cache.enabled", "false");
        p.put("hive.server2.enable.doAs", "false");
        // stops the background Metastore-RuntimeStats-Loader thread
        p.put("hive.query.reexecution.stats.persist.scope", "query");
        p.put("metastore.try.direct.sql", "false");
        p.put("hive.metastore.try.direct.sql", "false");
        return p;
    }

    private static String toSiteXml(Map<String, String> settings) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        settings.forEach((name, value) -> xml.append("  <property><name>").append(name)
                .append("</name><value>").append(value.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</value></property>\n"));
        return xml.append("</configuration>\n").toString();
    }

    /** Runs one statement and returns its result rows, each as Hive prints it (columns tab-separated). */
    public List<String> run(String statement) {
        String sql = statement.strip();
        String[] tokens = sql.split("\\s+", 2);
        try {
            CommandProcessor command = CommandProcessorFactory.getForHiveCommand(tokens, conf);
            if (command != null) {
                command.run(tokens.length > 1 ? tokens[1] : "");
                return List.of();
            }
        } catch (SQLException e) {
            throw new StatementFailed(sql, e.getMessage(), e);
        } catch (CommandProcessorException e) {
            throw new StatementFailed(sql, e.getMessage(), e);
        }
        IDriver driver = DriverFactory.newDriver(conf);
        try {
            driver.run(sql);
            List<String> rows = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            while (driver.getResults(batch)) {
                rows.addAll(batch);
                batch.clear();
            }
            return rows;
        } catch (CommandProcessorException e) {
            throw new StatementFailed(sql, e.getMessage(), e);
        } catch (IOException e) {
            throw new StatementFailed(sql, "fetching the results failed: " + e.getMessage(), e);
        } finally {
            driver.close();
            driver.destroy();
        }
    }

    /** Runs one query and splits each result row into its columns. */
    public List<List<String>> rows(String query) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : run(query)) {
            rows.add(List.of(line.split("\t", -1)));
        }
        return rows;
    }

    /** Runs every statement of a script, in order, and returns the result rows of the last one. */
    public List<String> runScript(HiveScript script) {
        List<String> last = List.of();
        for (String statement : script.statements()) {
            last = run(statement);
        }
        return last;
    }

    /** Sets a {@code ${hivevar:name}} for the statements that follow, as {@code SET hivevar:name=value} does. */
    public void setVariable(String name, String value) {
        run("SET hivevar:" + name + "=" + value);
    }

    @Override
    public void close() throws IOException {
        session.close();
    }

    /** A statement Hive refused or could not run; the message is Hive's, as a user would see it. */
    public static final class StatementFailed extends RuntimeException {
        private final String hiveMessage;

        StatementFailed(String statement, String hiveMessage, Throwable cause) {
            super(hiveMessage + "\n  in: " + statement, cause);
            this.hiveMessage = hiveMessage;
        }

        /** What Hive said, e.g. {@code FAILED: SemanticException ...}. */
        public String hiveMessage() {
            return hiveMessage;
        }
    }
}
