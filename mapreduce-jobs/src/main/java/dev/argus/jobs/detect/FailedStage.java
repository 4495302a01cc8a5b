package dev.argus.jobs.detect;

import java.util.Locale;

/** Where an image can fail inside a detect run; the lower-case name is the errors partition's {@code stage=}. */
public enum FailedStage {
    DECODE,
    INFERENCE;

    public String partitionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
