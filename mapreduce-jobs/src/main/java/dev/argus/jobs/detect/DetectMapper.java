package dev.argus.jobs.detect;

import dev.argus.jobs.JavaCppCacheDir;
import dev.argus.jobs.partition.ModelLoadException;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.layout.avro.ModelRef;
import dev.argus.jobs.detect.model.LoadedDetectors;
import dev.argus.jobs.detect.model.ShippedBundle;
import dev.argus.jobs.detect.model.ThreadBudget;
import dev.argus.zoo.bundle.InputSpec;
import dev.argus.zoo.preprocess.ReducedDecode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * One map task of {@code argus detect}: image records in; for each, one {@link ImageDetections} or one
 * {@link ImageError} out (stage {@code decode} or {@code inference}), never both, never neither.
 * {@link DetectOutputFormat} sends each kind to its own files.
 *
 * <p>The model is loaded in {@link #setup} through {@link LoadedDetectors}, so a JVM that runs several
 * tasks loads it once; a model that cannot be loaded fails the task with a {@link ModelLoadException}.
 * Records are handed to a {@link DetectionPipeline}, which decodes on its own threads while the model
 * runs and calls back on this thread, where the results are written.
 */
public class DetectMapper extends Mapper<AvroKey<ImageRecord>, NullWritable, AvroKey<SpecificRecord>, NullWritable> {

    /** Counter group: map tasks per engine that ran the network ({@code onnxruntime}, {@code dl4j}). */
    public static final String ENGINE_COUNTERS = "Tasks per engine";

    private static final long STATUS_EVERY_MILLIS = 2_000;

    private DetectionPipeline pipeline;
    private LoadedDetectors.Loaded loaded;
    private long passesBefore;
    private ModelRef model;
    private Context context;
    private final Map<String, Long> perClass = new HashMap<>();
    private long readNanos;
    private long imagesRead;
    private long failed;
    private long taskStart;
    private long lastStatus;

    @Override
    protected void setup(Context context) throws IOException {
        this.context = context;
        Configuration conf = context.getConfiguration();
        model = ModelRef.newBuilder()
                .setName(required(conf, DetectConfig.MODEL_NAME))
                .setVersion(required(conf, DetectConfig.MODEL_VERSION))
                .build();
        context.getCounter(DetectCounters.TASKS).increment(1);
        JavaCppCacheDir.choose(conf.get(DetectConfig.JAVACPP_CACHE_DIR.key()));
        loaded = ShippedBundle.load(context);
        passesBefore = loaded.passesOnThisThread();
        if (loaded.justLoaded()) {
            context.getCounter(DetectCounters.MODEL_LOADS).increment(1);
        }
        loaded.detector().engine().ifPresent(choice -> {
            context.getCounter(ENGINE_COUNTERS, choice.engine().cliName()).increment(1);
            System.err.println("argus detect: engine " + choice); // the task log; the console in local mode
        });
        ThreadBudget threads = ThreadBudget.forMapTask(conf);
        System.err.println("argus detect: thread budget " + threads);
        InputSpec input = DetectConfig.REDUCED_DECODE.getBoolean(conf) ? loaded.input() : null;
        pipeline = new DetectionPipeline(loaded.detector(),
                DetectConfig.BATCH_SIZE.getInt(conf),
                threads.decodeThreads(),
                input == null ? 0 : input.width(), input == null ? 0 : input.height(),
                DetectConfig.NATIVE_DECODE.getBoolean(conf), new ResultWriter());
        taskStart = System.currentTimeMillis();
    }

    /** {@link Mapper#run}, plus the time spent reading input, which the framework does not count. */
    @Override
    public void run(Context context) throws IOException, InterruptedException {
        setup(context);
        try {
            while (timedNextKeyValue(context)) {
                map(context.getCurrentKey(), context.getCurrentValue(), context);
            }
            finish();
        } finally {
            cleanup(context);
        }
    }

    @Override
    protected void map(AvroKey<ImageRecord> key, NullWritable value, Context context)
            throws IOException, InterruptedException {
        imagesRead++;
        context.getCounter(DetectCounters.IMAGES_READ).increment(1);
        if (key.datum().getDecodeChecked()) {
            context.getCounter(DetectCounters.IMAGES_CHECKED_AT_INGEST).increment(1);
        }
        // the record reader reuses its record object, and this one stays queued past this call
        pipeline.submit(ImageRecord.newBuilder(key.datum()).build());
        reportStatus(false);
    }

    private void finish() throws IOException, InterruptedException {
        pipeline.flush();
        DetectionPipeline.PipelineTimings t = pipeline.timings();
        context.getCounter(DetectCounters.READ_MILLIS).increment(readNanos / 1_000_000);
        context.getCounter(DetectCounters.DECODE_MILLIS).increment(t.decodeMillis());
        context.getCounter(DetectCounters.DECODE_WAIT_MILLIS).increment(t.decodeWaitMillis());
        context.getCounter(DetectCounters.INFERENCE_MILLIS).increment(t.inferenceMillis());
        context.getCounter(DetectCounters.WRITE_MILLIS).increment(t.sinkMillis());
        context.getCounter(DetectCounters.BATCHES).increment(t.batches());
        context.getCounter(DetectCounters.MODEL_PASSES).increment(loaded.passesOnThisThread() - passesBefore);
        countTopClasses(DetectConfig.TOP_CLASSES.getInt(context.getConfiguration()));
        reportStatus(true);
    }

    @Override
    protected void cleanup(Context context) {
        if (pipeline != null) {
            pipeline.close(); // the decode threads; the model stays loaded for the JVM's next task
        }
    }

    private boolean timedNextKeyValue(Context context) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            return context.nextKeyValue();
        } finally {
            readNanos += System.nanoTime() - start;
        }
    }

    /**
     * Hadoop caps the number of counters per job (120 by default), and a model may know hundreds of
     * classes: each task counts its own N most frequent classes and lumps the rest together.
     */
    private void countTopClasses(int topN) {
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(perClass.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        long other = 0;
        for (int i = 0; i < ranked.size(); i++) {
            if (i < topN) {
                context.getCounter(DetectCounters.CLASS_GROUP, ranked.get(i).getKey()).increment(ranked.get(i).getValue());
            } else {
                other += ranked.get(i).getValue();
            }
        }
        if (other > 0) {
            context.getCounter(DetectCounters.CLASS_GROUP, DetectCounters.OTHER_CLASSES).increment(other);
        }
    }

    private void reportStatus(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - lastStatus < STATUS_EVERY_MILLIS) {
            return;
        }
        lastStatus = now;
        double seconds = Math.max(0.001, (now - taskStart) / 1000.0);
        context.setStatus(String.format("%d images read, %d failed, %.1f images/s", imagesRead, failed, imagesRead / seconds));
    }

    private static String required(Configuration conf, DetectConfig setting) throws IOException {
        String value = setting.get(conf);
        if (value == null || value.isBlank()) {
            throw new IOException("job configuration lacks " + setting.key() + " (set by argus detect)");
        }
        return value;
    }

    /** Writes the pipeline's results; runs on the map thread only. */
    private final class ResultWriter implements DetectionPipeline.Sink {
        private final AvroKey<SpecificRecord> out = new AvroKey<>();

        @Override
        public void detected(ImageRecord image, List<dev.argus.zoo.Detection> found, float inferenceMillis)
                throws IOException, InterruptedException {
            List<Detection> detections = new ArrayList<>(found.size());
            for (dev.argus.zoo.Detection d : found) {
                detections.add(new Detection(d.label(), d.classId(), d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
                perClass.merge(d.label(), 1L, Long::sum);
            }
            detections.sort(Comparator.comparing(Detection::getScore).reversed());
            out.datum(ImageDetections.newBuilder()
                    .setImageId(image.getImageId())
                    .setSourceUri(image.getSourceUri())
                    .setWidth(image.getWidth())
                    .setHeight(image.getHeight())
                    .setModel(model)
                    .setDetections(detections)
                    .setInferenceMillis(inferenceMillis)
                    .setProcessedAt(Instant.now())
                    .build());
            context.write(out, NullWritable.get());
            context.getCounter(DetectCounters.IMAGES_DETECTED).increment(1);
            context.getCounter(DetectCounters.DETECTIONS).increment(detections.size());
        }

        @Override
        public void failed(ImageRecord image, Stage stage, Exception cause) throws IOException, InterruptedException {
            failed++;
            out.datum(ImageError.newBuilder()
                    .setImageId(image.getImageId())
                    .setSourceUri(image.getSourceUri())
                    .setStage(stage.partitionName())
                    .setErrorClass(cause.getClass().getName())
                    .setMessage(String.valueOf(cause.getMessage()))
                    .setAt(Instant.now())
                    .build());
            context.write(out, NullWritable.get());
            context.getCounter(stage == Stage.DECODE ? DetectCounters.FAILED_DECODE : DetectCounters.FAILED_INFERENCE)
                    .increment(1);
        }
    }
}
