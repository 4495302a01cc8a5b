package dev.argus.jobs.detect;

/**
 * What a detect run counts. Times are milliseconds summed over tasks: {@code DECODE_MILLIS} is the
 * decode threads' busy time, the others are the map thread's wall time in that step.
 */
public enum DetectCounters {
    IMAGES_READ,
    /**
     * Images whose bytes ingest's decode check had read whole ({@code decode_checked}): the native decode
     * does not search them for corrupt data a second time.
     */
    IMAGES_CHECKED_AT_INGEST,
    IMAGES_DETECTED,
    FAILED_DECODE,
    FAILED_INFERENCE,
    DETECTIONS,
    BATCHES,
    /** Network passes: one per image, or one per tile with --slice or --pyramid (the whole-image pass included). */
    MODEL_PASSES,
    /** Map tasks that ran (the LocalJobRunner does not count launched maps). */
    TASKS,
    /** Times a task had to load the model: fewer than tasks with JVM reuse, 0 in local mode (the driver loaded it). */
    MODEL_LOADS,
    READ_MILLIS,
    DECODE_MILLIS,
    /** Time the map thread waited for decode threads: non-zero means decoding, not the model, is the bottleneck. */
    DECODE_WAIT_MILLIS,
    INFERENCE_MILLIS,
    WRITE_MILLIS;

    /** Group of the per-class detection counters (one counter per class name, top N per task). */
    public static final String CLASS_GROUP = "Detections per class";
    /** The counter in {@link #CLASS_GROUP} that sums the classes beyond a task's top N. */
    public static final String OTHER_CLASSES = "(other classes)";
}
