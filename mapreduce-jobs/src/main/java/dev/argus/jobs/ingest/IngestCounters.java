package dev.argus.jobs.ingest;

/**
 * What happened to each input file. Every input ends as exactly one of PACKED, DUPLICATES or
 * ERRORS, so those three add up to INPUT_FILES.
 */
public enum IngestCounters {
    /** Manifest lines the mappers read: one per input file. */
    INPUT_FILES,
    /** Bytes of image files read (files that could be read at all). */
    BYTES_READ,
    /** Images written to a shard. */
    PACKED,
    /** Bytes of the images written to shards. */
    PACKED_BYTES,
    /** Files whose SHA-256 equals that of an image packed in the same run. */
    DUPLICATES,
    /** Files written to the errors partition instead, each with its reason. */
    ERRORS;

    /** Counter group holding one counter per error reason (EmptyFile, TooManyPixels, ...). */
    public static final String ERROR_REASONS = "Argus ingest errors by reason";
}
