package dev.argus.jobs.detect;

import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.preprocess.ReducedDecode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images in, detections out, with decoding overlapped with inference.
 *
 * <p>{@link #submit} hands an image's bytes to the decode threads and returns at once. Once two
 * batches are in flight, the calling thread takes the oldest batch, waits for its decodes, runs the
 * model on it and reports the results to the {@link Sink}; meanwhile the decode threads work on the
 * next batch. So at most {@code 2 x batchSize} images are held, and every {@link Sink} call happens on
 * the thread that calls {@link #submit} and {@link #flush} (Hadoop's task context is not thread-safe).
 *
 * <p>Nothing is lost: every submitted image reaches the sink exactly once, as detections or as a
 * failure. An image that cannot be decoded fails alone; a batch on which the model throws is re-run
 * image by image, so only the images that really make the model throw are failed.
 */
final class DetectionPipeline implements AutoCloseable {

    /** Where results go, always on the submitting thread. */
    interface Sink {
        void detected(ImageRecord image, List<Detection> detections, float inferenceMillis)
                throws IOException, InterruptedException;

        void failed(ImageRecord image, Stage stage, Exception cause) throws IOException, InterruptedException;
    }

    private final Detector detector;
    private final int batchSize;
    private final int inputWidth;
    private final int inputHeight;
    private final Sink sink;
    private final ExecutorService decoders;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();

    private final AtomicLong decodeNanos = new AtomicLong();
    private long waitNanos;
    private long inferenceNanos;
    private long sinkNanos;
    private int batches;

    /**
     * @param inputWidth, inputHeight the network's input size: larger images are decoded at a reduced
     *        scale no smaller than it (see {@link ReducedDecode}); 0 to always decode in full
     */
    DetectionPipeline(Detector detector, int batchSize, int decodeThreads, int inputWidth, int inputHeight, Sink sink) {
        if (batchSize < 1 || decodeThreads < 1) {
            throw new IllegalArgumentException("batch size and decode threads must be at least 1, got "
                    + batchSize + " and " + decodeThreads);
        }
        this.detector = detector;
        this.batchSize = batchSize;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.sink = sink;
        AtomicInteger n = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "argus-decode-" + n.incrementAndGet());
            t.setDaemon(true); // never keep a task JVM alive
            return t;
        });
    }

    /** Queues one image; may run a batch (and call the sink) before returning. The record must not be reused. */
    void submit(ImageRecord image) throws IOException, InterruptedException {
        inFlight.add(new InFlight(image, decoders.submit(() -> decode(image))));
        if (inFlight.size() >= 2 * batchSize) {
            runBatch();
        }
    }

    /** Runs everything still queued. */
    void flush() throws IOException, InterruptedException {
        while (!inFlight.isEmpty()) {
            runBatch();
        }
    }

    PipelineTimings timings() {
        return new PipelineTimings(decodeNanos.get() / 1_000_000, waitNanos / 1_000_000,
                inferenceNanos / 1_000_000, sinkNanos / 1_000_000, batches);
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }

    private void runBatch() throws IOException, InterruptedException {
        List<ImageRecord> records = new ArrayList<>(batchSize);
        List<ReducedDecode> images = new ArrayList<>(batchSize);
        while (records.size() < batchSize && !inFlight.isEmpty()) {
            InFlight next = inFlight.poll();
            long start = System.nanoTime();
            Decoded decoded = await(next.decoded);
            waitNanos += System.nanoTime() - start;
            if (decoded.failure != null) {
                emitFailure(next.image, Stage.DECODE, decoded.failure);
            } else {
                records.add(next.image);
                images.add(decoded.image);
            }
        }
        if (!images.isEmpty()) {
            infer(records, images);
        }
    }

    private void infer(List<ImageRecord> records, List<ReducedDecode> images) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<List<Detection>> results;
        try {
            results = checkedDetect(images.stream().map(ReducedDecode::image).toList());
        } catch (Exception e) {
            inferenceNanos += System.nanoTime() - start;
            if (images.size() == 1) {
                emitFailure(records.get(0), Stage.INFERENCE, e);
                return;
            }
            // find the image(s) the model cannot take; the others still get their detections
            for (int i = 0; i < images.size(); i++) {
                infer(List.of(records.get(i)), List.of(images.get(i)));
            }
            return;
        }
        long elapsed = System.nanoTime() - start;
        inferenceNanos += elapsed;
        batches++;
        float perImageMillis = elapsed / 1e6f / images.size();
        long sinkStart = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            sink.detected(records.get(i), images.get(i).toOriginal(results.get(i)), perImageMillis);
        }
        sinkNanos += System.nanoTime() - sinkStart;
    }

    private List<List<Detection>> checkedDetect(List<BufferedImage> images) {
        List<List<Detection>> results = detector.detect(images);
        if (results == null || results.size() != images.size()) {
            throw new IllegalStateException("the detector returned " + (results == null ? "null" : results.size()
                    + " results") + " for a batch of " + images.size() + " images");
        }
        return results;
    }

    private void emitFailure(ImageRecord image, Stage stage, Exception cause) throws IOException, InterruptedException {
        long start = System.nanoTime();
        sink.failed(image, stage, cause);
        sinkNanos += System.nanoTime() - start;
    }

    private Decoded decode(ImageRecord image) {
        long start = System.nanoTime();
        try {
            return new Decoded(ReducedDecode.decode(bytesOf(image.getBytes()), image.getSourceUri(),
                    image.getWidth(), image.getHeight(), inputWidth, inputHeight), null);
        } catch (Exception e) {
            return new Decoded(null, e);
        } finally {
            decodeNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    private static Decoded await(Future<Decoded> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // decode() catches Exceptions itself; what gets here is an Error, which must fail the task
            throw new IllegalStateException("decode thread died: " + e.getCause(), e.getCause());
        }
    }

    private record InFlight(ImageRecord image, Future<Decoded> decoded) {
    }

    private record Decoded(ReducedDecode image, Exception failure) {
    }

    /** Where the time went, in milliseconds (decode is summed over decode threads). */
    record PipelineTimings(long decodeMillis, long decodeWaitMillis, long inferenceMillis, long sinkMillis, int batches) {
    }
}
