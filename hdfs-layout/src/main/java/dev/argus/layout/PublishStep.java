package dev.argus.layout;

/**
 * The steps of {@link ArgusLayout#publish}, in order. A test can make a publish fail right after any
 * of them ({@link PublishFaults}) to check that the next run or {@code argus repair} finishes it.
 */
public enum PublishStep {
    /** The journal naming staged, target and retired directories is written; nothing moved yet. */
    JOURNALED,
    /** The old partition's {@code _SUCCESS} is gone: the date reads as incomplete from here... */
    OLD_UNMARKED,
    /** ...the old partition is moved aside into {@code _staging/retired-*}... */
    OLD_RETIRED,
    /** ...the new data is in place, still without its marker... */
    NEW_IN_PLACE,
    /** ...until {@code _SUCCESS} is written: the date is complete again. */
    MARKED,
    /** The retired partition is deleted; only the journal remains to be removed. */
    RETIRED_REMOVED
}
