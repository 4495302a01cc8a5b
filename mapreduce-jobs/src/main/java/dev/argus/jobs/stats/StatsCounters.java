package dev.argus.jobs.stats;

/** What a stats run counts. */
public enum StatsCounters {
    IMAGES,
    IMAGES_WITHOUT_DETECTIONS,
    /** Boxes read from the detections partition. */
    DETECTIONS,
    /** Boxes below --min-score, left out of the stats. */
    BELOW_MIN_SCORE,
    /** Classes written by the reducer. */
    CLASSES,
    /** Boxes accounted for by the reducer; equals DETECTIONS - BELOW_MIN_SCORE. */
    TALLIED
}
