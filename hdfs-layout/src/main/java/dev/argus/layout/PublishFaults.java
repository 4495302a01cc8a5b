package dev.argus.layout;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;

/**
 * Fails a publish right after a chosen {@link PublishStep}, the way a kill there would leave it (the
 * run's own cleanup keeps what the journal names). For tests: {@code -D argus.publish.fail.after=STEP},
 * and {@code argus.publish.fail.nth=N} for the N-th partition the run publishes (default 1; a
 * journal is written once per run, before its first partition).
 */
final class PublishFaults {

    static final String FAIL_AFTER = "argus.publish.fail.after";
    static final String FAIL_NTH = "argus.publish.fail.nth";

    private final PublishStep step;
    private final int nth;

    private PublishFaults(PublishStep step, int nth) {
        this.step = step;
        this.nth = nth;
    }

    static PublishFaults from(Configuration conf) {
        String name = conf.getTrimmed(FAIL_AFTER, "");
        if (name.isEmpty()) {
            return new PublishFaults(null, 0);
        }
        try {
            return new PublishFaults(PublishStep.valueOf(name), conf.getInt(FAIL_NTH, 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FAIL_AFTER + " '" + name + "' is not a publish step");
        }
    }

    void after(PublishStep done, int partition) throws IOException {
        if (done == step && partition == nth) {
            throw new IOException("injected publish fault after " + step);
        }
    }
}
