package dev.argus.jobs.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code argus} command in a JVM of its own, under GNU {@code /usr/bin/time -v}, so that its CPU time
 * (user + system, every thread, JVM start-up included) and peak RSS are the command's alone. The JVM sees
 * one processor ({@code -XX:ActiveProcessorCount=1}): the local runner then runs one task at a time and
 * the model gets one thread, so CPU seconds per image are those of one core.
 *
 * <p>Peak RSS is the heap G1 chose to commit, which drifts towards {@code -Xmx} as a run gets longer; what
 * a stage needs is the heap that stays live through collections, so the JVM also writes a GC log and
 * {@link #liveHeapMb} is the most heap left after any collection.
 */
record StageRun(String stage, int exitCode, double wallSeconds, double cpuSeconds, long peakRssKb,
        long liveHeapMb, int mapTasks, int reduceTasks, String output) {

    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
    private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    /** A unified GC log line ends "… 297M->197M(477M) 12.3ms": before, after, committed. */
    private static final Pattern AFTER_GC = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");
    /** The LocalJobRunner logs "Starting task: attempt_local…_m_000003_0" for each task. */
    private static final Pattern TASK = Pattern.compile("Starting task: (attempt_local\\d+_\\d+_([mr])_\\d+_\\d+)");

    static StageRun run(String stage, Path log, Path log4j, String heap, List<String> argusArgs) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", Path.of(System.getProperty("java.home"),
                        "bin", "java").toString(), "-XX:ActiveProcessorCount=1", "-Xmx" + heap,
                "-Xlog:gc:file=" + gcLog(log),
                "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g",
                "-Dlog4j.configuration=" + log4j.toUri(),
                "-cp", System.getProperty("java.class.path"), "dev.argus.jobs.Argus"));
        command.addAll(argusArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("OMP_NUM_THREADS", "1");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        long start = System.nanoTime();
        int rc = builder.start().waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(log);
        double cpu = number(USER, text) + number(SYSTEM, text);
        long rss = (long) number(RSS, text);
        java.util.Set<String> maps = new java.util.HashSet<>();
        java.util.Set<String> reduces = new java.util.HashSet<>();
        Matcher m = TASK.matcher(text);
        while (m.find()) {
            (m.group(2).equals("m") ? maps : reduces).add(m.group(1));
        }
        long live = 0;
        Matcher gc = AFTER_GC.matcher(Files.readString(gcLog(log)));
        while (gc.find()) {
            live = Math.max(live, Long.parseLong(gc.group(1)));
        }
        return new StageRun(stage, rc, wall, cpu, rss, live, maps.size(), reduces.size(), text);
    }

    private static Path gcLog(Path log) {
        return log.resolveSibling(log.getFileName() + ".gc");
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        double last = 0;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }
}
