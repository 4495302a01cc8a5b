package dev.argus.zoo.bench;

import dev.argus.zoo.CandidateBoxes;
import dev.argus.zoo.NonMaxSuppression;
import java.util.Arrays;
import java.util.Random;

/**
 * Times {@link NonMaxSuppression} on detector-like candidates (jittered clusters around a few dozen
 * objects) and prints a table of per-call latency. Run:
 * {@code mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.NmsBenchmark}
 */
public final class NmsBenchmark {

    private static final int SETS = 64;

    private NmsBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf("%-14s %6s %8s %6s %10s %10s %10s%n", "mode", "boxes", "classes", "kept", "p50 us", "p90 us", "max us");
        for (int n : new int[]{100, 1_000, 5_000}) {
            for (int classes : new int[]{1, 80}) {
                run("per-class", NonMaxSuppression.perClass(0.5f, 300), n, classes);
            }
            run("class-agnostic", NonMaxSuppression.classAgnostic(0.5f, 300), n, 80);
        }
    }

    private static void run(String mode, NonMaxSuppression nms, int n, int classes) {
        Random rnd = new Random(7);
        CandidateBoxes[] sets = new CandidateBoxes[SETS];
        for (int s = 0; s < SETS; s++) {
            sets[s] = clustered(rnd, n, classes);
        }
        long sink = 0;
        // warm-up long enough for C2 to compile the loop
        long warmEnd = System.nanoTime() + 1_500_000_000L;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            sink += nms.keep(sets[i % SETS]).length;
        }
        int reps = Math.max(200, 2_000_000 / n);
        long[] nanos = new long[reps];
        int kept = 0;
        for (int r = 0; r < reps; r++) {
            CandidateBoxes set = sets[r % SETS];
            long t0 = System.nanoTime();
            int[] k = nms.keep(set);
            nanos[r] = System.nanoTime() - t0;
            kept += k.length;
            sink += k.length;
        }
        Arrays.sort(nanos);
        System.out.printf("%-14s %6d %8d %6d %10.1f %10.1f %10.1f%n", mode, n, classes, kept / reps,
                nanos[reps / 2] / 1e3, nanos[reps * 9 / 10] / 1e3, nanos[reps - 1] / 1e3);
        if (sink == 42) {
            System.out.println(); // keeps the JIT from discarding the work
        }
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
}
