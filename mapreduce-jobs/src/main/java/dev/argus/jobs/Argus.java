package dev.argus.jobs;

import dev.argus.jobs.convert.ConvertTool;
import dev.argus.jobs.detect.DetectTool;
import dev.argus.jobs.evaluate.EvaluateTool;
import dev.argus.jobs.ingest.IngestTool;
import dev.argus.jobs.repair.RepairTool;
import dev.argus.jobs.report.ReportTool;
import dev.argus.jobs.stats.StatsTool;
import dev.argus.jobs.synth.SynthTool;
import dev.argus.jobs.train.TrainTool;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The {@code hadoop jar} entry point: {@code argus <command> [generic options] [command options]}.
 *
 * <p>Each command is a Hadoop {@link Tool} run through {@link ToolRunner}, so {@code -D key=value},
 * {@code -files}, {@code -libjars} and {@code -conf} work after the command name exactly as users of
 * Hadoop's own example jobs expect. Modules that build on this one add commands as {@link ArgusCommand}s.
 */
public final class Argus {

    /** A sub-command: its one-line summary and how to make its tool. */
    record Command(String summary, Supplier<Tool> tool) {
    }

    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("ingest", new Command("pack image files into the Avro shards of a date partition", IngestTool::new));
        COMMANDS.put("detect", new Command("run a detector over a date's shards into detections and errors partitions", DetectTool::new));
        COMMANDS.put("stats", new Command("per-class counts, mean score and COCO box sizes of a detections partition", StatsTool::new));
        COMMANDS.put("report", new Command("static HTML report of a detections partition: boxes drawn, charts, errors", ReportTool::new));
        COMMANDS.put("synth", new Command("generate synthetic shape images with COCO ground truth", SynthTool::new));
        COMMANDS.put("train", new Command("train a YOLO or CenterNet detector into a model bundle", TrainTool::new));
        COMMANDS.put("evaluate", new Command("COCO metrics (AP, AP50, AP75, AP by size, per class) of a bundle on an annotated set", EvaluateTool::new));
        COMMANDS.put("repair", new Command("finish publishes a killed run left half done; remove dead runs' staging", RepairTool::new));
        COMMANDS.put("convert", new Command("translate a DL4J or TF.js model bundle into an ONNX bundle (--to onnx BUNDLE OUT)", ConvertTool::new));
        // commands of modules that build on this one (argus nightly), when they are on the classpath
        for (ArgusCommand more : ServiceLoader.load(ArgusCommand.class)) {
            COMMANDS.put(more.name(), new Command(more.summary(), more::tool));
        }
    }

    private Argus() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(new Configuration(), args, System.out, System.err));
    }

    /** Runs one command; returns its exit code (0 ok, 2 usage error, anything else the tool's failure). */
    public static int run(Configuration conf, String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("argus: unknown command '" + args[0] + "'");
            printUsage(err);
            return 2;
        }
        try {
            return ToolRunner.run(conf, command.tool().get(), Arrays.copyOfRange(args, 1, args.length));
        } catch (OutOfMemoryError e) {
            // JavaCPP's maxbytes/maxphysicalbytes (set by scripts/argus) end here rather than in an OOM kill
            err.println("argus " + args[0] + ": out of memory: " + e.getMessage() + " (the bounds come from "
                    + "-Xmx and -Dorg.bytedeco.javacpp.maxbytes / maxphysicalbytes; raise them with ARGUS_JAVA_OPTS)");
            return 1;
        }
    }

    private static void printUsage(PrintStream out) {
        out.println("Usage: argus <command> [-D key=value ...] [options]");
        out.println("       argus <command> --help");
        out.println();
        out.println("Commands:");
        COMMANDS.forEach((name, c) -> out.printf("  %-10s %s%n", name, c.summary()));
    }
}
