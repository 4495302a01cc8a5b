package dev.argus.zoo.bench;

import dev.argus.zoo.detr.Attention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Peak working memory and speed of {@link Attention.Kind#PLAIN} against {@link Attention.Kind#TILED}
 * self-attention (queries = keys = N) as N grows, in one table: plain's peak should grow with N², tiled's
 * with N. Both outputs are also compared (max abs difference at most 1e-4, or the run fails).
 *
 * <p>Memory is what SameDiff's {@link InferenceSession} itself allocates for op outputs, counted by a
 * {@link SessionMemMgr} installed into the graph's session: live bytes (allocated, not yet released) and
 * their peak during one forward pass. The placeholders q, k and v are the caller's arrays, not the
 * session's, so they are excluded (their size is printed in the header). Scratch buffers that native ops
 * allocate internally are not seen either. Time is measured separately, on SameDiff's default session.
 *
 * <p>Run:
 * {@code cd model-zoo && OMP_WAIT_POLICY=PASSIVE mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.AttentionMemoryBenchmark
 * -Dexec.args="[--sizes 256,512,1024,2048,4096] [--tile 128] [--repeat 5]"}
 */
public final class AttentionMemoryBenchmark {

    private static final int BATCH = 1;
    private static final int HEADS = 4;
    private static final int HEAD_SIZE = 16;
    private static final double TOLERANCE = 1e-4;
    private static final double MIB = 1024.0 * 1024.0;

    private AttentionMemoryBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("sizes", "256,512,1024,2048,4096", "tile", "128", "repeat", "5"));
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!opts.containsKey(key) || i + 1 >= args.length) {
                System.err.println("usage: AttentionMemoryBenchmark [--sizes 256,512,...] [--tile 128] [--repeat 5]");
                System.exit(2);
            }
            opts.put(key, args[i + 1]);
        }
        int[] sizes = Arrays.stream(opts.get("sizes").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        int tile = Integer.parseInt(opts.get("tile"));
        int repeat = Integer.parseInt(opts.get("repeat"));
        if (repeat < 1 || tile < 1 || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
            System.err.println("sizes, tile and repeat must be positive, got " + opts);
            System.exit(2);
        }

        System.out.printf(Locale.ROOT, "self-attention b=%d heads=%d d=%d, tile %d keys, float32, threads %d, OMP_WAIT_POLICY=%s, "
                        + "median of %d forwards after 1 warm-up%n", BATCH, HEADS, HEAD_SIZE, tile,
                Nd4j.getEnvironment().maxMasterThreads(), System.getenv("OMP_WAIT_POLICY"), repeat);
        if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            System.out.println("warning: OMP_WAIT_POLICY is not PASSIVE; on a shared machine ND4J's spinning OpenMP"
                    + " threads distort the timings (set OMP_WAIT_POLICY=PASSIVE)");
        }
        System.out.println("peak = most bytes the InferenceSession held at once during one forward, every op output a fresh"
                + " array freed on release (placeholders q, k, v excluded: 3 x N x " + (BATCH * HEADS * HEAD_SIZE * 4)
                + " bytes); ms = SameDiff's default caching session");
        System.out.println();
        System.out.println("| N | one score matrix b·h·N²·4 | plain peak | plain ms | one tile block b·h·N·tile·4 "
                + "| tiled peak | tiled ms | tiled ops | plain/tiled peak | outputs agree |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");

        List<String> failures = new ArrayList<>();
        for (int n : sizes) {
            Nd4j.getRandom().setSeed(42 + n);
            INDArray q = Nd4j.randn(DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
            INDArray k = Nd4j.randn(DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
            INDArray v = Nd4j.randn(DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
            Run plain = measure(Attention.Kind.PLAIN.create(tile), n, q, k, v, repeat);
            Run tiled = measure(Attention.Kind.TILED.create(tile), n, q, k, v, repeat);
            double diff = plain.output.sub(tiled.output).amaxNumber().doubleValue();
            boolean agree = diff <= TOLERANCE;
            if (!agree) {
                failures.add("N=" + n + ": plain and tiled outputs differ by " + diff);
            }
            long scores = (long) BATCH * HEADS * n * n * 4;
            long block = (long) BATCH * HEADS * n * Math.min(tile, n) * 4;
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %.1f | %s | %s | %.1f | %d | %.1fx | %s (max abs diff %.1e) |%n",
                    n, mib(scores), mib(plain.peakBytes), plain.medianMs, mib(block), mib(tiled.peakBytes),
                    tiled.medianMs, tiled.ops, (double) plain.peakBytes / tiled.peakBytes, agree ? "OK" : "FAIL", diff);
        }
        if (!failures.isEmpty()) {
            System.err.println("FAILED: plain and tiled attention disagree beyond " + TOLERANCE + ":");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    /** Peak session bytes and median wall time of one attention graph's forward pass. */
    private record Run(long peakBytes, double medianMs, int ops, INDArray output) {
    }

    private static Run measure(Attention attention, int n, INDArray q, INDArray k, INDArray v, int repeat) {
        SameDiff sd = SameDiff.create();
        SDVariable qv = sd.placeHolder("q", DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
        SDVariable kv = sd.placeHolder("k", DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
        SDVariable vv = sd.placeHolder("v", DataType.FLOAT, BATCH, HEADS, n, HEAD_SIZE);
        attention.attend(sd, qv, kv, vv, n, HEAD_SIZE).rename("out");
        Map<String, INDArray> inputs = Map.of("q", q, "k", k, "v", v);
        long thread = Thread.currentThread().getId();

        // SameDiff.output runs on the session registered for the calling thread and creates one (with a
        // caching memory manager, which would hide the real live set) only when there is none.
        SessionMeter meter = new SessionMeter();
        InferenceSession metered = new InferenceSession(sd);
        metered.setMmgr(meter);
        sd.getSessions().put(thread, metered);
        // a copy: the session may release (close) its output array at the start of the next forward
        INDArray output = sd.output(inputs, "out").get("out").dup();
        meter.startForward();
        sd.output(inputs, "out");
        long peak = meter.peakThisForward();

        // Timed on SameDiff's own caching session, as production runs it: the meter's fresh allocation
        // per op output costs page faults that would dominate the tiled graph's many small ops.
        sd.getSessions().remove(thread);
        sd.output(inputs, "out");
        double[] ms = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            sd.output(inputs, "out");
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        sd.getSessions().remove(thread);
        return new Run(peak, ms[repeat / 2], sd.getOps().size(), output);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / MIB);
    }

    /**
     * Allocates each op output as a fresh array and frees it when the session releases it (what later
     * ND4J versions ship as ArrayCloseMemoryMgr; 1.0.0-M2.1 has only the caching and the never-freeing
     * managers), counting the bytes alive in between and their peak.
     */
    private static final class SessionMeter extends AbstractMemoryMgr {

        private final Map<INDArray, Long> live = new IdentityHashMap<>();
        private long liveBytes;
        private long forwardStartBytes;
        private long peakBytes;

        void startForward() {
            forwardStartBytes = liveBytes;
            peakBytes = liveBytes;
        }

        /** Most bytes held at once since {@link #startForward()}, above what was held before it. */
        long peakThisForward() {
            return peakBytes - forwardStartBytes;
        }

        @Override
        public INDArray allocate(boolean detached, DataType dataType, long... shape) {
            return track(Nd4j.createUninitialized(dataType, shape));
        }

        @Override
        public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
            return track(Nd4j.create(descriptor, false));
        }

        private INDArray track(INDArray array) {
            long bytes = array.isEmpty() ? 0 : array.length() * array.dataType().width();
            live.put(array, bytes);
            liveBytes += bytes;
            peakBytes = Math.max(peakBytes, liveBytes);
            return array;
        }

        @Override
        public void release(INDArray array) {
            Long bytes = live.remove(array);
            if (bytes == null) {
                return; // not ours (a placeholder or variable): the caller owns it
            }
            liveBytes -= bytes;
            if (array.closeable()) {
                array.close();
            }
        }

        @Override
        public void close() {
            live.keySet().stream().filter(INDArray::closeable).forEach(INDArray::close);
            live.clear();
            liveBytes = 0;
        }
    }
}
