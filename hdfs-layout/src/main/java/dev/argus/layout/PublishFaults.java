package dev.argus.layout;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;

/**
 * Fails a publish right after a chosen {@link PublishStep}, the way a kill there would leave it (the
 * run's own cleanup keeps what the journal names). For tests: {@code -D argus.publish.fail.after=STEP},
 * and {@code argus.publish.fail.nth=N} for the N-th publish of the run (default 1).
 */
final class PublishFaults {

    static final String FAIL_AFTER = "argus.publish.fail.after";
    static final String FAIL_NTH = "argus.publish.fail.nth";

    private final PublishStep step;
    private final int nth;
    private final AtomicInteger published = new AtomicInteger();

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

    void after(PublishStep done) throws IOException {
        if (step == null) {
            return;
        }
        // Counted at the first step of each publish, so the N-th publish fails whichever step is chosen.
        int current = done == PublishStep.JOURNALED ? published.incrementAndGet() : published.get();
        if (done == step && current == nth) {
            throw new IOException("injected publish fault after " + step);
        }
    }
}
