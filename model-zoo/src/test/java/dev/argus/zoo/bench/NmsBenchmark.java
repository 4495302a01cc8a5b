package dev.argus.zoo.bench;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import dev.argus.zoo.ReferenceNms;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Times {@link NonMaxSuppression} against the previous algorithm ({@link ReferenceNms}) on the same
 * inputs, calls of the two interleaved so that load on a shared box hits both alike, and prints a table
 * of per-call medians and their ratio, in wall time and in the thread's CPU time (on a box with more
 * runnable threads than cores, wall time mostly measures the wait for a core). Inputs: detector-like candidates (jittered clusters around a few
 * dozen objects) and uniform boxes (few overlaps, so most boxes are kept: the worst case for comparing
 * with every kept box). Run:
 * {@code mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.NmsBenchmark}
 *
 * <p>{@code -Dexec.args="--large"} times only the 10,000 boxes × 80 classes rows; {@code --write DIR}
 * writes those rows' inputs and the kept indices for {@code src/test/python/nms_torchvision.py}
 * (per set: {@code NAME-S.boxes}, rows of little-endian float32 x1 y1 x2 y2 score and int32 class;
 * {@code NAME-S.kept}, int32 indices, IoU 0.5, no limit).
 */
public final class NmsBenchmark {

    private static final int SETS = 16;
    private static final float IOU = 0.5f;
    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private NmsBenchmark() {
    }

    private enum Layout { CLUSTERED, UNIFORM }

    private record Case(Layout layout, boolean classAware, int boxes, int classes, int maxDetections) {

        String name() {
            return layout.name().toLowerCase() + "-" + boxes + "x" + classes;
        }

        CandidateBoxes[] sets() {
            Random rnd = new Random(7);
            CandidateBoxes[] sets = new CandidateBoxes[SETS];
            for (int s = 0; s < SETS; s++) {
                sets[s] = layout == Layout.CLUSTERED ? clustered(rnd, boxes, classes) : uniform(rnd, boxes, classes);
            }
            return sets;
        }
    }

    private static final Case[] LARGE = {
        new Case(Layout.CLUSTERED, true, 10_000, 80, NO_LIMIT),
        new Case(Layout.UNIFORM, true, 10_000, 80, NO_LIMIT),
        new Case(Layout.CLUSTERED, true, 10_000, 80, 300),
        new Case(Layout.UNIFORM, true, 10_000, 80, 300),
    };

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--write")) {
            write(Path.of(args[1]));
            return;
        }
        System.out.printf("%-9s %-14s %6s %7s %6s %6s | %12s %12s %6s | %12s %12s %6s%n", "boxes", "mode", "n",
                "classes", "max", "kept", "previous us", "buckets us", "ratio", "prev cpu us", "bkt cpu us", "ratio");
        if (!(args.length == 1 && args[0].equals("--large"))) {
            for (int n : new int[]{100, 1_000, 5_000}) {
                for (int classes : new int[]{1, 80}) {
                    time(new Case(Layout.CLUSTERED, true, n, classes, 300));
                }
                time(new Case(Layout.CLUSTERED, false, n, 80, 300));
            }
            time(new Case(Layout.UNIFORM, true, 1_000, 1, NO_LIMIT));
        }
        for (Case c : LARGE) {
            time(c);
        }
    }

    private static void time(Case c) {
        CandidateBoxes[] sets = c.sets();
        NonMaxSuppression nms = c.classAware()
                ? NonMaxSuppression.perClass(IOU, c.maxDetections())
                : NonMaxSuppression.classAgnostic(IOU, c.maxDetections());
        long sink = 0;
        // warm-up long enough for C2 to compile both loops
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            CandidateBoxes set = sets[i % SETS];
            sink += nms.keep(set).length + ReferenceNms.keep(set, IOU, c.maxDetections(), c.classAware()).length;
        }
        int reps = Math.max(100, Math.min(2_000, 2_000_000 / c.boxes()));
        long[] previous = new long[reps];
        long[] buckets = new long[reps];
        long[] previousCpu = new long[reps];
        long[] bucketsCpu = new long[reps];
        long kept = 0;
        for (int r = 0; r < reps; r++) {
            CandidateBoxes set = sets[r % SETS];
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int[] a = ReferenceNms.keep(set, IOU, c.maxDetections(), c.classAware());
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            int[] b = nms.keep(set);
            long t3 = System.nanoTime();
            long c2 = THREADS.getCurrentThreadCpuTime();
            previous[r] = t1 - t0;
            buckets[r] = t3 - t2;
            previousCpu[r] = c1 - c0;
            bucketsCpu[r] = c2 - c1;
            if (!Arrays.equals(a, b)) {
                throw new IllegalStateException("the two disagree on " + c);
            }
            kept += b.length;
            sink += a.length;
        }
        double p = median(previous) / 1e3;
        double q = median(buckets) / 1e3;
        double pc = median(previousCpu) / 1e3;
        double qc = median(bucketsCpu) / 1e3;
        System.out.printf("%-9s %-14s %6d %7d %6s %6d | %12.1f %12.1f %6.2f | %12.1f %12.1f %6.2f%n",
                c.layout().name().toLowerCase(), c.classAware() ? "per-class" : "class-agnostic", c.boxes(),
                c.classes(), c.maxDetections() == NO_LIMIT ? "all" : String.valueOf(c.maxDetections()), kept / reps,
                p, q, q / p, pc, qc, qc / pc);
        if (sink == 42) {
            System.out.println(); // keeps the JIT from discarding the work
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Case c : LARGE) {
            if (c.maxDetections() != NO_LIMIT) {
                continue;
            }
            CandidateBoxes[] sets = c.sets();
            for (int s = 0; s < SETS; s++) {
                CandidateBoxes b = sets[s];
                ByteBuffer rows = ByteBuffer.allocate(b.size() * 24).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < b.size(); i++) {
                    rows.putFloat(b.x1(i)).putFloat(b.y1(i)).putFloat(b.x2(i)).putFloat(b.y2(i))
                            .putFloat(b.score(i)).putInt(b.classId(i));
                }
                int[] kept = NonMaxSuppression.perClass(IOU, NO_LIMIT).keep(b);
                ByteBuffer keptBytes = ByteBuffer.allocate(kept.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                keptBytes.asIntBuffer().put(kept);
                try (OutputStream out = Files.newOutputStream(dir.resolve(c.name() + "-" + s + ".boxes"))) {
                    out.write(rows.array());
                }
                try (OutputStream out = Files.newOutputStream(dir.resolve(c.name() + "-" + s + ".kept"))) {
                    out.write(keptBytes.array());
                }
            }
        }
        System.out.println("wrote " + SETS + " sets per large case to " + dir);
    }

    private static CandidateBoxes clustered(Random rnd, int n, int classes) {
        int objects = 30;
        float[][] objs = new float[objects][4];
        for (float[] o : objs) {
            o[0] = rnd.nextFloat() * 600;
            o[1] = rnd.nextFloat() * 600;
            o[2] = 10 + rnd.nextFloat() * 200;
            o[3] = 10 + rnd.nextFloat() * 200;
        }
        CandidateBoxes boxes = new CandidateBoxes(n);
        for (int i = 0; i < n; i++) {
            float[] o = objs[rnd.nextInt(objects)];
            float cx = o[0] + (float) rnd.nextGaussian() * o[2] * 0.1f;
            float cy = o[1] + (float) rnd.nextGaussian() * o[3] * 0.1f;
            float w = o[2] * (0.8f + 0.4f * rnd.nextFloat());
            float h = o[3] * (0.8f + 0.4f * rnd.nextFloat());
            boxes.add(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, rnd.nextFloat(), rnd.nextInt(classes));
        }
        return boxes;
    }

    /** Boxes of 5 to 100 pixels anywhere in 1000 × 1000: few overlaps, so most are kept. */
    private static CandidateBoxes uniform(Random rnd, int n, int classes) {
        CandidateBoxes boxes = new CandidateBoxes(n);
        for (int i = 0; i < n; i++) {
            float x = rnd.nextFloat() * 1000;
            float y = rnd.nextFloat() * 1000;
            float w = 5 + rnd.nextFloat() * 95;
            float h = 5 + rnd.nextFloat() * 95;
            boxes.add(x, y, x + w, y + h, rnd.nextFloat(), rnd.nextInt(classes));
        }
        return boxes;
    }
}
