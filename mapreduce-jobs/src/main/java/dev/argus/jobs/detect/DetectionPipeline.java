package dev.argus.jobs.detect;

import dev.argus.layout.Stage;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.zoo.DecodedImageBatch;
import dev.argus.zoo.Detection;
import dev.argus.zoo.Detector;
import dev.argus.zoo.ImageBatch;
import dev.argus.zoo.preprocess.EncodedImage;
import dev.argus.zoo.preprocess.ReducedDecode;
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
 * <p>{@link #submit} hands an image's bytes to the decode threads, which decode it into its slot of an
 * {@link ImageBatch} — natively, straight into the network's input tensor, or through ImageIO — and
 * returns at once. Once two
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
    private final boolean nativeDecode;
    private final Sink sink;
    private final ExecutorService decoders;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    /** The batch new images go into, and its next free slot. */
    private ImageBatch filling;
    private int nextSlot;

    private final AtomicLong decodeNanos = new AtomicLong();
    private long waitNanos;
    private long inferenceNanos;
    private long sinkNanos;
    private int batches;

    /**
     * @param inputWidth, inputHeight the network's input size: larger images are decoded at a reduced
     *        scale no smaller than it (see {@link ReducedDecode}); 0 to always decode in full
     * @param nativeDecode decode into the detector's own batches ({@link Detector#newBatch}: natively where
     *        it can), rather than to pictures through ImageIO ({@link DecodedImageBatch})
     */
    DetectionPipeline(Detector detector, int batchSize, int decodeThreads, int inputWidth, int inputHeight,
            boolean nativeDecode, Sink sink) {
        if (batchSize < 1 || decodeThreads < 1) {
            throw new IllegalArgumentException("batch size and decode threads must be at least 1, got "
                    + batchSize + " and " + decodeThreads);
        }
        this.detector = detector;
        this.batchSize = batchSize;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.nativeDecode = nativeDecode;
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
        if (filling == null || nextSlot == batchSize) {
            filling = nativeDecode ? detector.newBatch(batchSize, inputWidth, inputHeight)
                    : new DecodedImageBatch(detector, batchSize, inputWidth, inputHeight);
            nextSlot = 0;
        }
        ImageBatch batch = filling;
        int slot = nextSlot++;
        inFlight.add(new InFlight(image, batch, slot, decoders.submit(() -> decode(image, batch, slot))));
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
        if (filling != null && inFlight.isEmpty()) {
            filling.close();
        }
    }

    /** Runs the oldest batch: every image submitted into it, each decoded or failed. */
    private void runBatch() throws IOException, InterruptedException {
        ImageBatch batch = inFlight.peek().batch;
        List<ImageRecord> records = new ArrayList<>(batchSize);
        List<Integer> slots = new ArrayList<>(batchSize);
        while (!inFlight.isEmpty() && inFlight.peek().batch == batch) {
            InFlight next = inFlight.poll();
            long start = System.nanoTime();
            Exception failure = await(next.decoded);
            waitNanos += System.nanoTime() - start;
            if (failure != null) {
                emitFailure(next.image, Stage.DECODE, failure);
            } else {
                records.add(next.image);
                slots.add(next.slot);
            }
        }
        try {
            if (!records.isEmpty()) {
                infer(batch, records, slots.stream().mapToInt(Integer::intValue).toArray());
            }
        } finally {
            if (batch == filling) {
                filling = null;
            }
            batch.close();
        }
    }

    private void infer(ImageBatch batch, List<ImageRecord> records, int[] slots) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<List<Detection>> results;
        try {
            results = checkedDetect(batch, slots);
        } catch (Exception e) {
            inferenceNanos += System.nanoTime() - start;
            if (slots.length == 1) {
                emitFailure(records.get(0), Stage.INFERENCE, e);
                return;
            }
            // find the image(s) the model cannot take; the others still get their detections
            for (int i = 0; i < slots.length; i++) {
                infer(batch, List.of(records.get(i)), new int[]{slots[i]});
            }
            return;
        }
        long elapsed = System.nanoTime() - start;
        inferenceNanos += elapsed;
        batches++;
        float perImageMillis = elapsed / 1e6f / slots.length;
        long sinkStart = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            sink.detected(records.get(i), results.get(i), perImageMillis);
        }
        sinkNanos += System.nanoTime() - sinkStart;
    }

    private static List<List<Detection>> checkedDetect(ImageBatch batch, int[] slots) {
        List<List<Detection>> results = batch.detect(slots);
        if (results == null || results.size() != slots.length) {
            throw new IllegalStateException("the detector returned " + (results == null ? "null" : results.size()
                    + " results") + " for a batch of " + slots.length + " images");
        }
        return results;
    }

    private void emitFailure(ImageRecord image, Stage stage, Exception cause) throws IOException, InterruptedException {
        long start = System.nanoTime();
        sink.failed(image, stage, cause);
        sinkNanos += System.nanoTime() - start;
    }

    /** null when the image is in its slot, else why not. */
    private Exception decode(ImageRecord image, ImageBatch batch, int slot) {
        long start = System.nanoTime();
        try {
            batch.put(slot, new EncodedImage(bytesOf(image.getBytes()), image.getSourceUri(), image.getWidth(),
                    image.getHeight(), image.getDecodeChecked()));
            return null;
        } catch (Exception e) {
            return e;
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

    private static Exception await(Future<Exception> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // decode() catches Exceptions itself; what gets here is an Error, which must fail the task
            throw new IllegalStateException("decode thread died: " + e.getCause(), e.getCause());
        }
    }

    private record InFlight(ImageRecord image, ImageBatch batch, int slot, Future<Exception> decoded) {
    }

    /** Where the time went, in milliseconds (decode is summed over decode threads). */
    record PipelineTimings(long decodeMillis, long decodeWaitMillis, long inferenceMillis, long sinkMillis, int batches) {
    }
}
